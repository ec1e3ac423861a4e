// The small toolbar of a version's text: each button puts its mark around the selection or at
// the start of the selected lines (see documents/richtext.py for what the marks mean).
(function () {
  "use strict";

  function lineStarts(area, prefix, numbered) {
    var start = area.value.lastIndexOf("\n", area.selectionStart - 1) + 1;
    var end = area.selectionEnd;
    var lines = area.value.slice(start, end).split("\n");
    var marked = lines.map(function (line, index) {
      return (numbered ? (index + 1) + ". " : prefix) + line;
    }).join("\n");
    area.setRangeText(marked, start, end, "select");
  }

  function wrap(area, mark) {
    var text = area.value.slice(area.selectionStart, area.selectionEnd) || "…";
    area.setRangeText(mark + text + mark, area.selectionStart, area.selectionEnd, "select");
  }

  var TABLE = "\n|  |  |\n|---|---|\n|  |  |\n";
  var ACTIONS = {
    heading: function (area) { lineStarts(area, "## "); },
    bold: function (area) { wrap(area, "**"); },
    italic: function (area) { wrap(area, "*"); },
    bullet: function (area) { lineStarts(area, "- "); },
    numbered: function (area) { lineStarts(area, "", true); },
    table: function (area) { area.setRangeText(TABLE, area.selectionEnd, area.selectionEnd, "end"); }
  };

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-mark]");
    var bar = button && button.closest("[data-richtext-for]");
    if (!bar) return;
    var area = document.getElementById(bar.dataset.richtextFor);
    var action = ACTIONS[button.dataset.mark];
    if (!area || !action) return;
    area.focus();
    action(area);
    area.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
