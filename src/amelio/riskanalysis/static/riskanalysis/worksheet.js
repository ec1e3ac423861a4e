/* The FMEA worksheet: draws the table from the JSON the page carries, moves from cell to
   cell with the keyboard, saves each changed cell (the server validates it with the line's
   form and answers the new RPN and priority), creates a new line once its required columns
   are filled, copies a line below itself and filters the lines by priority. */
(function () {
  "use strict";
  const root = document.getElementById("worksheet");
  const source = document.getElementById("worksheet-data");
  if (!root || !source) return;
  const data = JSON.parse(source.textContent);
  const texts = {};
  document.querySelectorAll("#worksheet-texts").forEach(function (template) {
    template.content.querySelectorAll("[data-key]").forEach(function (span) {
      texts[span.dataset.key] = span.textContent;
    });
  });
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const errorBox = document.getElementById("worksheet-error");
  const countBox = document.getElementById("worksheet-count");
  const filter = document.getElementById("priority-filter");
  const columns = data.columns;
  const scoreAfter = { detection: "rpn", revised_detection: "revised_rpn" };
  let draftCounter = 0;

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(function ([key, value]) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showError(message) {
    errorBox.textContent = message || "";
    errorBox.classList.toggle("d-none", !message);
  }

  function cellInput(column, value, rowLabel) {
    let input;
    const label = column.label + " — " + rowLabel;
    if (column.kind === "long") {
      input = element("textarea", { rows: 1 });
      input.value = value || "";
    } else if (column.kind === "choice" || column.kind === "person") {
      input = element("select", {});
      const options = column.kind === "choice" ? data.classes : [["", "—"]].concat(data.people);
      options.forEach(function ([key, text, title]) {
        const option = element("option", { value: key, title: title || null }, text);
        if (String(key) === String(value === null ? "" : value)) option.selected = true;
        input.appendChild(option);
      });
    } else {
      const attributes = { type: column.kind === "date" ? "date" : "text" };
      if (column.kind === "rating") {
        Object.assign(attributes, { inputmode: "numeric", maxlength: 2, autocomplete: "off" });
      }
      input = element("input", attributes);
      input.value = value === null || value === undefined ? "" : value;
    }
    input.classList.add("ws-cell", "ws-" + column.kind);
    input.dataset.field = column.name;
    input.setAttribute("aria-label", label);
    if (!data.editable) input.disabled = true;
    return input;
  }

  function scoreCell(name) {
    const cell = element("td", { class: "ws-score" });
    cell.dataset.score = name;
    return cell;
  }

  function paintScore(row, name, value, level) {
    const cell = row.querySelector('[data-score="' + name + '"]');
    if (!cell) return;
    cell.textContent = "";
    if (value === null || value === undefined) {
      cell.textContent = "—";
      return;
    }
    const badge = element("span", { class: "badge", title: level ? level.label : "" }, value);
    badge.style.backgroundColor = level ? level.colour : "#6c757d";
    cell.appendChild(badge);
  }

  function paint(row, line) {
    row.dataset.id = line.id;
    row.dataset.version = line.version;
    row.dataset.priority = line.priority;
    row.id = "line-" + line.id;
    row.classList.remove("ws-draft", "ws-must", "ws-act");
    if (line.priority === "severity") row.classList.add("ws-must");
    if (line.priority === "rpn") row.classList.add("ws-act");
    const number = row.querySelector(".ws-num a");
    number.textContent = line.reference;
    number.href = line.url;
    number.title = data.priorities[line.priority] || "";
    paintScore(row, "rpn", line.rpn, line.level);
    paintScore(row, "revised_rpn", line.revised_rpn, line.revised_level);
  }

  function tools(row) {
    const box = element("span", { class: "ws-tools ms-1" });
    const below = element("button", { type: "button", class: "btn btn-link btn-sm", title: texts.below, "aria-label": texts.below });
    below.appendChild(element("i", { class: "bi bi-plus-lg" }));
    below.addEventListener("click", function () { insertDraft(row); });
    const copy = element("button", { type: "button", class: "btn btn-link btn-sm", title: texts.copy, "aria-label": texts.copy });
    copy.appendChild(element("i", { class: "bi bi-copy" }));
    copy.addEventListener("click", function () { copyLine(row); });
    box.append(below, copy);
    return box;
  }

  function buildRow(line) {
    const row = element("tr");
    const number = element("th", { scope: "row", class: "ws-num" });
    number.appendChild(element("a", { href: line ? line.url : null }, line ? line.reference : "…"));
    if (data.editable) number.appendChild(tools(row));
    row.appendChild(number);
    const label = line ? line.reference : texts.new;
    columns.forEach(function (column) {
      const cell = element("td");
      cell.appendChild(cellInput(column, line ? line.values[column.name] : "", label));
      row.appendChild(cell);
      if (scoreAfter[column.name]) row.appendChild(scoreCell(scoreAfter[column.name]));
    });
    if (line) {
      paint(row, line);
    } else {
      draftCounter += 1;
      row.dataset.draft = String(draftCounter);
      row.classList.add("ws-draft");
      number.querySelector("a").title = texts.new;
    }
    return row;
  }

  function header() {
    const head = element("thead");
    const row = element("tr");
    row.appendChild(element("th", { scope: "col", class: "ws-num" }, texts.line));
    columns.forEach(function (column) {
      const th = element("th", { scope: "col", class: column.required ? "ws-req" : null }, column.label);
      row.appendChild(th);
      if (scoreAfter[column.name]) row.appendChild(element("th", { scope: "col", class: "text-center" }, texts[scoreAfter[column.name]]));
    });
    head.appendChild(row);
    return head;
  }

  const table = element("table", { class: "ws-table" });
  const body = element("tbody");
  table.append(header(), body);
  const fragment = document.createDocumentFragment();
  data.lines.forEach(function (line) { fragment.appendChild(buildRow(line)); });
  body.appendChild(fragment);
  root.appendChild(table);

  function applyFilter() {
    const wanted = filter.value;
    let shown = 0;
    body.querySelectorAll("tr").forEach(function (row) {
      const priority = row.dataset.priority;
      const visible = !wanted || !priority || priority === wanted || (wanted === "act" && priority !== "none");
      row.hidden = !visible;
      if (visible && priority) shown += 1;
    });
    const total = body.querySelectorAll("tr[data-id]").length;
    countBox.textContent = total ? texts.count.replace("{shown}", shown).replace("{total}", total) : texts.empty;
  }
  filter.value = new URLSearchParams(window.location.search).get("priority") || "";
  filter.addEventListener("change", applyFilter);
  applyFilter();

  function post(url, fields) {
    const form = new FormData();
    Object.entries(fields).forEach(function ([key, value]) { form.append(key, value); });
    return fetch(url, {
      method: "POST",
      body: form,
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (json) { return { status: response.status, json: json }; });
    });
  }

  function markInvalid(row, names, message) {
    row.querySelectorAll(".ws-cell").forEach(function (input) {
      const bad = names.indexOf(input.dataset.field) !== -1;
      input.classList.toggle("is-invalid", bad);
      if (bad) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    });
    showError(message);
  }

  function refill(row, line) {
    row.querySelectorAll(".ws-cell").forEach(function (input) {
      const value = line.values[input.dataset.field];
      input.value = value === null || value === undefined ? "" : value;
      input.dataset.saved = input.value;
    });
    paint(row, line);
  }

  function saveCell(input) {
    const row = input.closest("tr");
    input.classList.add("ws-saving");
    post(data.urls.cell, {
      line: row.dataset.id, field: input.dataset.field, value: input.value, version: row.dataset.version,
    }).then(function (answer) {
      input.classList.remove("ws-saving");
      if (answer.json.line && answer.status === 409) {
        refill(row, answer.json.line);
        markInvalid(row, [], answer.json.error);
        return;
      }
      if (answer.json.error) {
        markInvalid(row, [input.dataset.field], answer.json.error);
        return;
      }
      input.dataset.saved = input.value;
      markInvalid(row, [], "");
      paint(row, answer.json.line);
      applyFilter();
    }).catch(function () {
      input.classList.remove("ws-saving");
      markInvalid(row, [input.dataset.field], texts.failed);
    });
  }

  function draftValues(row) {
    const values = {};
    row.querySelectorAll(".ws-cell").forEach(function (input) { values[input.dataset.field] = input.value; });
    return values;
  }

  function draftComplete(row) {
    const values = draftValues(row);
    return columns.every(function (column) { return !column.required || String(values[column.name]).trim(); });
  }

  function createLine(row) {
    if (row.dataset.pending) return;
    row.dataset.pending = "1";
    const previous = row.previousElementSibling;
    post(data.urls.add, {
      values: JSON.stringify(draftValues(row)),
      after: previous && previous.dataset.id ? previous.dataset.id : "",
    }).then(function (answer) {
      delete row.dataset.pending;
      if (answer.json.error) {
        markInvalid(row, answer.json.fields || [], answer.json.error);
        return;
      }
      delete row.dataset.draft;
      refill(row, answer.json.line);
      markInvalid(row, [], "");
      applyFilter();
    }).catch(function () {
      delete row.dataset.pending;
      markInvalid(row, [], texts.failed);
    });
  }

  function insertDraft(afterRow) {
    const row = buildRow(null);
    if (afterRow) afterRow.after(row); else body.appendChild(row);
    row.querySelector(".ws-cell").focus();
    return row;
  }

  function copyLine(row) {
    if (!row.dataset.id) return;
    post(data.urls.copy, { line: row.dataset.id }).then(function (answer) {
      if (answer.json.error) { showError(answer.json.error); return; }
      const copy = buildRow(answer.json.line);
      row.after(copy);
      applyFilter();
      copy.querySelector(".ws-cell").focus();
    }).catch(function () { showError(texts.failed); });
  }

  root.addEventListener("focusin", function (event) {
    const input = event.target;
    if (input.classList && input.classList.contains("ws-cell") && input.dataset.saved === undefined) {
      input.dataset.saved = input.value;
    }
  });

  root.addEventListener("change", function (event) {
    const input = event.target;
    if (!input.classList.contains("ws-cell") || !data.editable) return;
    const row = input.closest("tr");
    if (row.dataset.draft) {
      if (draftComplete(row)) createLine(row);
      return;
    }
    if (input.value !== input.dataset.saved) saveCell(input);
  });

  function move(input, rowStep, columnStep) {
    const row = input.closest("tr");
    const cells = Array.from(row.querySelectorAll(".ws-cell"));
    let index = cells.indexOf(input) + columnStep;
    let target = row;
    if (rowStep) {
      target = rowStep > 0 ? row.nextElementSibling : row.previousElementSibling;
      while (target && target.hidden) target = rowStep > 0 ? target.nextElementSibling : target.previousElementSibling;
      if (!target) return;
    }
    const targets = target.querySelectorAll(".ws-cell");
    index = Math.max(0, Math.min(index, targets.length - 1));
    targets[index].focus();
    if (targets[index].select && targets[index].tagName !== "SELECT") targets[index].select();
  }

  root.addEventListener("keydown", function (event) {
    const input = event.target;
    if (!input.classList || !input.classList.contains("ws-cell")) return;
    const row = input.closest("tr");
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && data.editable) {
      event.preventDefault();
      input.blur();
      insertDraft(row);
    } else if (event.key === "C" && event.ctrlKey && event.shiftKey && data.editable) {
      event.preventDefault();
      copyLine(row);
    } else if (event.key === "Enter" && !event.altKey) {
      event.preventDefault();
      move(input, event.shiftKey ? -1 : 1, 0);
    } else if (event.key === "Enter" && event.altKey && input.tagName === "TEXTAREA") {
      event.preventDefault();
      input.setRangeText("\n", input.selectionStart, input.selectionEnd, "end");
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && input.tagName === "INPUT") {
      event.preventDefault();
      move(input, event.key === "ArrowDown" ? 1 : -1, 0);
    } else if (event.key === "Escape" && input.dataset.saved !== undefined) {
      input.value = input.dataset.saved;
    }
  });

  const addButton = document.getElementById("add-line");
  if (addButton) addButton.addEventListener("click", function () { insertDraft(null); });
  if (window.location.hash) {
    const target = document.querySelector(window.location.hash + " .ws-cell");
    if (target) target.focus();
  }
})();
