/* datasette-vega's charting panel and its chart's actions menu in Chinese. React draws them
   after the page loads and draws them again on every change, so their few fixed English
   strings are replaced in each text node as it appears; column names are left as they are. */
(function () {
  var chinese = {
    "Show charting options": "显示图表选项",
    "Charting options": "图表选项",
    "Bar": "柱状图",
    "Line": "折线图",
    "Scatter": "散点图",
    "X column": "横轴（X）列",
    "Y column": "纵轴（Y）列",
    "Type": "类型",
    "Color": "颜色",
    "Size": "大小",
    "Swap X and Y": "交换横轴与纵轴",
    "Numeric": "数值",
    "Numeric, binned": "数值，分段",
    "Date/time": "日期时间",
    "Date/time, binned": "日期时间，分段",
    "Label": "标签（有序）",
    "Category": "类别",
    "Save as SVG": "保存为 SVG",
    "Save as PNG": "保存为 PNG",
    "View Source": "查看源代码",
    "View Vega": "查看 Vega 规格",
    "Open in Vega Editor": "在 Vega 编辑器中打开",
  };
  var panel = ".datasette-vega-inactive, form.datasette-vega, .vega-actions";

  function translateText(node) {
    var text = node.nodeValue.trim();
    var parent = node.parentElement;
    if (chinese.hasOwnProperty(text) && parent && parent.closest(panel)) {
      node.nodeValue = node.nodeValue.replace(text, chinese[text]);
    }
  }

  function translate(node) {
    if (node.nodeType === Node.TEXT_NODE) {
      translateText(node);
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (var text = walker.nextNode(); text; text = walker.nextNode()) {
        translateText(text);
      }
    }
  }

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "characterData") {
        translate(record.target);
      }
      record.addedNodes.forEach(translate);
    });
  }).observe(document.documentElement, {childList: true, subtree: true, characterData: true});
})();
