// Runs before the page is drawn (not deferred): says whether this browser can record, so the
// recorder takes its place in the first layout instead of pushing the form down when recorder.js
// shows it (a layout shift Lighthouse counts, and a tap that lands on the wrong field).
(function () {
  "use strict";
  // Scripts run here: file drop zones are drawn as zones from the start (design.css), not swapped in.
  document.documentElement.classList.add("js");
  var media = navigator.mediaDevices;
  if (media && media.getUserMedia && window.MediaRecorder && window.DataTransfer &&
      ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"].some(function (type) {
        return MediaRecorder.isTypeSupported(type);
      })) {
    document.documentElement.classList.add("can-record");
  }
})();
