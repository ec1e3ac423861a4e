/* Scored records' forms: when the scoring matrix changes, name the factor fields after the
   matrix's factors, bound them to its scales and list the scale's labels under each field.
   The server stays the authority: the model checks every value against the matrix. */
(function () {
  "use strict";

  function hint(input) {
    let element = document.getElementById(input.id + "_scale");
    if (!element) {
      element = document.createElement("div");
      element.id = input.id + "_scale";
      element.className = "form-text";
      input.insertAdjacentElement("afterend", element);
    }
    return element;
  }

  function apply(select) {
    const scales = JSON.parse(select.dataset.scales || "{}");
    const prefixes = JSON.parse(select.dataset.prefixes || "{}");
    const matrix = scales[select.value];
    const names = ["likelihood", "severity", "third"];
    Object.keys(prefixes).forEach(function (prefix) {
      names.forEach(function (name, index) {
        const input = document.getElementById("id_" + prefix + "_" + name);
        if (!input || !matrix) {
          return;
        }
        const factor = matrix[index];
        const wrapper = input.closest(".mb-3");
        if (wrapper && wrapper.parentElement) {
          wrapper.parentElement.hidden = !factor;
        }
        if (!factor) {
          input.value = "";
          return;
        }
        const label = document.querySelector("label[for='" + input.id + "']");
        if (label) {
          label.textContent = prefixes[prefix] + " — " + factor.label;
        }
        const values = factor.values.map(function (v) { return v[0]; });
        input.min = Math.min.apply(null, values);
        input.max = Math.max.apply(null, values);
        hint(input).textContent = factor.values.map(function (v) { return v[0] + " " + v[1]; }).join(" · ");
      });
    });
  }

  function init(root) {
    root.querySelectorAll("select[data-scales]").forEach(function (select) {
      apply(select);
      select.addEventListener("change", function () { apply(select); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
