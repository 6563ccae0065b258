/* Datasette's column menu and filter rows (its table.js, which runs first) in Chinese. */
(function () {
  var titles = {
    "dropdown-sort-asc": "升序排列",
    "dropdown-sort-desc": "降序排列",
    "dropdown-facet": "按此列分面统计",
    "dropdown-hide-column": "隐藏此列",
    "dropdown-show-all-columns": "显示全部列",
    "dropdown-not-blank": "只看此列不为空的行",
  };
  Object.keys(titles).forEach(function (name) {
    document.querySelectorAll(".dropdown-menu ." + name).forEach(function (link) {
      link.textContent = titles[name];
    });
  });
  document.querySelectorAll(".filter-row a[aria-label='Remove this filter']").forEach(function (link) {
    link.setAttribute("aria-label", "移除此筛选");
  });
})();
