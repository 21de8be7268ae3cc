// The couple-record form, made quicker with JavaScript; everything here also works without it
// (the server adds rows, shows the BMI used and lists errors). Served from this site: the
// Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  var form = document.querySelector("form.record-form");
  if (!form) {
    return;
  }

  // After a failed save: the error summary takes the focus, so a screen reader reads it and
  // Tab goes through its links to the fields.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  } else if (form.dataset.addedRow) {
    var added = document.getElementById(form.dataset.addedRow);
    if (added) {
      added.focus();
    }
  }

  // A link of the summary: to its field, scrolled into view and focused, opening a folded
  // "More" section on the way.
  if (summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) {
        return;
      }
      var details = target.closest("details");
      if (details) {
        details.open = true;
      }
      event.preventDefault();
      var control = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
      (control || target).focus();
      target.scrollIntoView({ block: "center" });
    });
  }

  // --- units: only the chosen test's units are offered ------------------------------------
  var results = form.querySelector("[data-formset='results']");
  var unitsByTest = results ? JSON.parse(results.dataset.units || "{}") : {};

  function limitUnits(row) {
    var test = row.querySelector("select[name$='-test']");
    var unit = row.querySelector("select[name$='-unit']");
    if (!test || !unit) {
      return;
    }
    if (!unit.allOptions) {
      unit.allOptions = Array.prototype.map.call(unit.options, function (option) {
        return { value: option.value, text: option.text, lang: option.lang };
      });
    }
    var offered = unitsByTest[test.value];
    var current = unit.value;
    var keep = {};
    var options = [];
    unit.allOptions.forEach(function (option) {
      var fits = !offered || option.value === "" || offered.indexOf(option.value) !== -1 || option.value === current;
      if (fits && !keep[option.value]) {
        keep[option.value] = true;
        options.push(option);
      }
    });
    unit.textContent = "";
    options.forEach(function (option) {
      var element = document.createElement("option");
      element.value = option.value;
      element.textContent = option.text;
      if (option.lang) {
        element.lang = option.lang;
      }
      unit.appendChild(element);
    });
    // A unit of the previous test that this one is not reported in is not kept silently.
    unit.value = !offered || offered.indexOf(current) !== -1 ? current : "";
  }

  function watchRow(row) {
    if (row.dataset.row === "result") {
      limitUnits(row);
      var test = row.querySelector("select[name$='-test']");
      if (test) {
        test.addEventListener("change", function () {
          limitUnits(row);
        });
      }
    }
  }

  Array.prototype.forEach.call(form.querySelectorAll("[data-row]"), watchRow);

  // --- rows added without a reload ---------------------------------------------------------
  Array.prototype.forEach.call(form.querySelectorAll("[data-add-row]"), function (button) {
    var prefix = button.dataset.addRow;
    var fieldset = button.closest("[data-formset]");
    var template = fieldset.querySelector("template");
    var total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var maximum = form.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    button.addEventListener("click", function (event) {
      var index = parseInt(total.value, 10);
      if (isNaN(index) || (maximum && index >= parseInt(maximum.value, 10))) {
        return; // the server says what is wrong with the count
      }
      event.preventDefault();
      var html = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__number__/g, String(index + 1));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      fieldset.querySelector(".rows").appendChild(row);
      total.value = String(index + 1);
      watchRow(row);
      var first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) {
        first.focus();
      }
    });
  });

  // --- the BMI used, while typing ----------------------------------------------------------
  function number(input) {
    if (!input) {
      return null;
    }
    var text = input.value.trim().replace(/^([+-]?\d+),(\d+)$/, "$1.$2");
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) {
      return null;
    }
    var value = parseFloat(text);
    return value > 0 ? value : null;
  }

  function shown(value) {
    return String(Math.round(value * 10) / 10);
  }

  Array.prototype.forEach.call(form.querySelectorAll("[data-person]"), function (fieldset) {
    var who = fieldset.dataset.person;
    var note = fieldset.querySelector("[data-bmi-note]");
    var height = form.querySelector("[name='" + who + "-height_cm']");
    var weight = form.querySelector("[name='" + who + "-weight_kg']");
    var bmi = form.querySelector("[name='" + who + "-bmi']");
    if (!note) {
      return;
    }
    function update() {
      var h = number(height);
      var w = number(weight);
      var entered = number(bmi);
      var computed = h && w ? w / Math.pow(h / 100, 2) : null;
      var text;
      if (entered !== null) {
        text = computed !== null ? note.dataset.beside : note.dataset.entered;
        text = text.replace("{bmi}", shown(entered)).replace("{computed}", shown(computed || 0));
      } else if (computed !== null) {
        text = note.dataset.computed.replace("{bmi}", shown(computed));
      } else {
        text = note.dataset.none;
      }
      note.textContent = text;
    }
    [height, weight, bmi].forEach(function (input) {
      if (input) {
        input.addEventListener("input", update);
      }
    });
  });
})();
