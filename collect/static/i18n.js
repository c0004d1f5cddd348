// Translated messages for the page's scripts: read from the JSON block the page carries
// (collect/i18n.py fills it), with the English text in the script as the fallback.
window.storiesText = (function () {
  var text = {};
  try { text = JSON.parse(document.getElementById("script-text").textContent); } catch (e) { text = {}; }
  return function (key, fallback, values) {
    var message = text[key] || fallback;
    for (var name in values || {}) { message = message.split("{" + name + "}").join(values[name]); }
    return message;
  };
})();
