// Resumable uploads for the story form, with tus-js-client (vendor/tus.min.js).
//
// When a recording is chosen (or the recorder placed one in the file input),
// it is sent first with the tus protocol to /uploads/, in chunks, so a dropped
// connection resumes where it stopped. The form is then posted with the
// upload's id (recording_upload) instead of the file. Without JavaScript, or
// in a browser tus does not support, the form posts the file as before.
(function () {
  "use strict";

  var form = document.querySelector("form[data-tus-endpoint]");
  if (!form || !window.tus || !window.tus.isSupported) return;
  var input = form.querySelector("#recording");
  var box = document.getElementById("upload-progress");
  var bar = document.getElementById("upload-bar");
  var status = document.getElementById("upload-status");
  var retry = document.getElementById("upload-retry");
  var submitButton = form.querySelector("button[type=submit]");
  var upload = null;
  var started = 0;   // when this attempt began, for the time-left estimate
  var startBytes = 0;  // bytes already on the server when it began (a resume)

  var t = window.storiesText;  // translated messages (i18n.js)

  function say(text) { status.textContent = text; }

  function timeLeft(seconds) {
    if (!isFinite(seconds) || seconds < 0) return "";
    if (seconds < 60) return t("seconds_left", "about {n} seconds left", {n: Math.max(1, Math.round(seconds))});
    var minutes = Math.round(seconds / 60);
    return minutes === 1 ? t("minute_left", "about 1 minute left")
      : t("minutes_left", "about {n} minutes left", {n: minutes});
  }

  function onProgress(sent, total) {
    var percent = total ? Math.floor((sent / total) * 100) : 0;
    bar.value = percent;
    bar.textContent = percent + "%";
    if (!started) { started = Date.now(); startBytes = sent; }
    var elapsed = (Date.now() - started) / 1000;
    var rate = elapsed > 0.5 ? (sent - startBytes) / elapsed : 0;
    var left = rate > 0 ? timeLeft((total - sent) / rate) : "";
    say(left ? t("uploading_left", "Uploading your recording: {percent}% — {left}.", {percent: percent, left: left})
      : t("uploading", "Uploading your recording: {percent}%.", {percent: percent}));
  }

  function sendForm(url) {
    var id = url.split("/").pop();
    var field = form.querySelector("input[name=recording_upload]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "recording_upload";
      form.appendChild(field);
    }
    field.value = id;
    input.disabled = true;  // the bytes are on the server already: do not send them twice
    say(t("upload_complete", "Upload complete. Sending your story…"));
    HTMLFormElement.prototype.submit.call(form);
  }

  function onError(error) {
    var response = error.originalResponse;
    var detail = response ? response.getBody() : "";
    var offline = navigator.onLine === false;
    say(offline
      ? t("offline", "You seem to be offline. The upload will go on from where it stopped when you are back online.")
      : (detail ? t("upload_stopped_detail", "The upload stopped: {detail}", {detail: detail.trim()})
        : t("upload_stopped", "The upload stopped.")) +
        " " + t("upload_kept", "What was sent is kept; press “Try again” to go on from there."));
    retry.hidden = false;
    submitButton.disabled = false;
    if (offline) window.addEventListener("online", resume, { once: true });
  }

  function resume() {
    retry.hidden = true;
    submitButton.disabled = true;
    started = 0;
    say(t("resuming", "Resuming the upload…"));
    upload.start();
  }

  function start(file) {
    upload = new window.tus.Upload(file, {
      endpoint: form.dataset.tusEndpoint,
      chunkSize: parseInt(form.dataset.tusChunk, 10) || 5 * 1024 * 1024,
      // Retry by itself through short outages before asking the teller.
      retryDelays: [0, 1000, 3000, 5000, 10000],
      headers: { "X-Upload-Token": form.dataset.tusToken },
      metadata: { filename: file.name, filetype: file.type },
      // Fingerprints in localStorage let a reloaded page resume the same file.
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress: onProgress,
      onError: onError,
      onSuccess: function () { sendForm(upload.url); },
    });
    box.hidden = false;
    retry.hidden = true;
    submitButton.disabled = true;
    started = 0;
    say(t("starting", "Starting the upload…"));
    upload.findPreviousUploads().then(function (previous) {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  }

  retry.addEventListener("click", resume);
  // Coming back with the Back button restores this page as it was left: let the file be chosen again.
  window.addEventListener("pageshow", function () { input.disabled = false; submitButton.disabled = false; });
  form.addEventListener("submit", function (event) {
    var file = input && !input.disabled && input.files && input.files[0];
    if (!file) return;  // a written story: the form posts as it is
    event.preventDefault();
    if (!form.reportValidity()) return;
    start(file);
  });
})();
