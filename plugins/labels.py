"""Chinese titles for columns, facets and coded values, taken from metadata.yml.

Templates call column_label(database, table, column) and value_label(column,
value); the words come from the column descriptions, so one edit to
metadata.yml changes both.
"""
from datasette import hookimpl

from fazhi import site


@hookimpl
def prepare_jinja2_environment(env, datasette):
    def column_label(database, table, column):
        columns = (datasette.table_metadata(database, table) or {}).get("columns") or {}
        return site.chinese_label(columns.get(column))

    env.globals["column_label"] = column_label
    env.globals["value_label"] = site.value_label
