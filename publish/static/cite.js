// Copy buttons: <button class="copy" data-copy="ID"> copies the text of the element with that id.
(function () {
  function say(button, text) {
    const status = button.closest("section, dialog")?.querySelector(".copy-status");
    if (status) status.textContent = text;
  }
  async function copy(button) {
    const source = document.getElementById(button.dataset.copy);
    if (!source) return;
    const text = source.textContent;
    try {
      await navigator.clipboard.writeText(text);
    } catch (err) {
      // Without clipboard permission (or over plain http), select the text so Ctrl+C works.
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      say(button, "Selected: press Ctrl+C (or ⌘C) to copy.");
      return;
    }
    say(button, "Copied to the clipboard.");
  }
  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.copy");
    if (button) copy(button);
  });
})();
