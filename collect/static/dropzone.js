// File drop zones (design.css's .dropzone) around the form's real file inputs.
//
// The input stays the field the form sends, and it keeps the keyboard and the file chooser: the
// stylesheet lays it, invisible, over its zone. This script adds what a bare input lacks: a file
// dropped on the zone goes into the input (through a DataTransfer, as the recorder does), the zone
// shows the drag over it, and it names the chosen file and its size, whoever chose it (a drop, the
// chooser, or the recorder, which sends "change" too).
(function () {
  "use strict";

  var zones = document.querySelectorAll("[data-dropzone]");
  if (!zones.length) return;
  var t = window.storiesText || function (key, fallback, values) {
    for (var name in values || {}) { fallback = fallback.split("{" + name + "}").join(values[name]); }
    return fallback;
  };

  function size(bytes) {
    var megabytes = bytes >= 1e6;
    var value = megabytes ? bytes / 1e6 : Math.max(1, Math.round(bytes / 1e3));
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined, {
        style: "unit", unit: megabytes ? "megabyte" : "kilobyte", maximumFractionDigits: 1,
      }).format(value);
    } catch (e) {
      return (megabytes ? value.toFixed(1) + " MB" : value + " kB");
    }
  }

  function carriesFiles(event) {
    var types = event.dataTransfer && event.dataTransfer.types;
    return !!types && Array.prototype.indexOf.call(types, "Files") !== -1;
  }

  Array.prototype.forEach.call(zones, function (zone) {
    var input = zone.querySelector("input[type=file]");
    var label = zone.querySelector("[data-dropzone-file]");
    if (!input || !label) return;
    var empty = label.textContent;

    function show() {
      var file = input.files && input.files[0];
      label.textContent = file ? t("file_chosen", "Chosen: {name} ({size})", {name: file.name, size: size(file.size)})
        : empty;
      zone.classList.toggle("has-file", !!file);
    }

    function over(event) {
      if (!carriesFiles(event) || input.disabled) return;
      event.preventDefault();  // without it, the browser would open the file in place of the form
      event.dataTransfer.dropEffect = "copy";
      zone.classList.add("is-dragover");
    }

    zone.addEventListener("dragenter", over);
    zone.addEventListener("dragover", over);
    zone.addEventListener("dragleave", function (event) {
      if (!zone.contains(event.relatedTarget)) zone.classList.remove("is-dragover");
    });
    zone.addEventListener("drop", function (event) {
      zone.classList.remove("is-dragover");
      if (!carriesFiles(event) || input.disabled) return;
      event.preventDefault();
      var files = event.dataTransfer.files;
      if (!files.length) return;
      // One file per field, as the chooser allows: the first of several.
      var transfer = new DataTransfer();
      transfer.items.add(files[0]);
      input.files = transfer.files;
      input.dispatchEvent(new Event("change", {bubbles: true}));
    });
    input.addEventListener("change", show);
    show();  // a file kept by the browser when the page was restored (Back)
  });

  // A file dropped just beside a zone would replace the page, and what was typed into it.
  document.addEventListener("dragover", function (event) {
    if (carriesFiles(event) && !event.defaultPrevented) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "none";
    }
  });
  document.addEventListener("drop", function (event) {
    if (carriesFiles(event)) event.preventDefault();
  });
})();
