"""Chinese titles for tables, columns, facets, coded values and Datasette's controls.

Templates call table_title(database, table), column_label(database, table, column)
and value_label(column, value); the words come from the table titles and column
descriptions in metadata.yml, so one edit there changes both; chinese_label takes
the Chinese half of such a text. filter_label, parameter_label and query_column_label
name a table filter, a canned query's parameter and a query's result column (fazhi.site).
"""
from datasette import hookimpl

from fazhi import site


@hookimpl
def prepare_jinja2_environment(env, datasette):
    tables = {}  # the metadata is read once, at start-up; a page asks for every column's label

    def table_metadata(database, table):
        if (database, table) not in tables:
            tables[database, table] = datasette.table_metadata(database, table) or {}
        return tables[database, table]

    def column_label(database, table, column):
        return site.chinese_label((table_metadata(database, table).get("columns") or {}).get(column))

    def table_title(database, table):
        return table_metadata(database, table).get("title")

    env.globals["column_label"] = column_label
    env.globals["table_title"] = table_title
    env.globals["chinese_label"] = site.chinese_label
    env.globals["value_label"] = site.value_label
    env.globals["filter_label"] = site.FILTER_TITLES.get
    env.globals["parameter_label"] = site.PARAMETER_TITLES.get
    env.globals["query_column_label"] = site.QUERY_COLUMN_TITLES.get
