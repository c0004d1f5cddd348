// Record a story in the browser and hand it to the form's file input.
//
// Progressive enhancement: the recorder fieldset ships hidden, and is shown
// only where getUserMedia and MediaRecorder exist; elsewhere the file input is
// all there is. The recording goes into <input id="recording"> through a
// DataTransfer, so the ordinary submit (or the resumable uploader, which reads
// input.files) sends it like a chosen file.
(function () {
  "use strict";

  var box = document.getElementById("recorder");
  var input = document.getElementById("recording");
  if (!box || !input || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia ||
      typeof window.MediaRecorder === "undefined" || typeof window.DataTransfer === "undefined") {
    return;
  }

  // Opus in WebM is what most browsers record; Safari records MP4 (AAC).
  var CHOICES = [["audio/webm;codecs=opus", "webm"], ["audio/ogg;codecs=opus", "ogg"],
                 ["audio/mp4", "m4a"]];

  function pickType() {
    for (var i = 0; i < CHOICES.length; i++) {
      if (MediaRecorder.isTypeSupported(CHOICES[i][0])) { return CHOICES[i]; }
    }
    return null;
  }

  var chosen = pickType();
  if (!chosen) { return; }

  var $ = function (name) { return box.querySelector("[data-recorder=" + name + "]"); };
  var buttons = {record: $("record"), pause: $("pause"), stop: $("stop"), again: $("again")};
  var timer = $("timer"), meter = $("level"), status = $("status"), player = $("player");

  var stream = null, recorder = null, chunks = [], audioContext = null, analyser = null;
  var elapsed = 0, startedAt = 0, tick = null, playerUrl = null;

  var t = window.storiesText;  // translated messages (i18n.js)

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function showTime() {
    var ms = elapsed + (startedAt ? Date.now() - startedAt : 0);
    var seconds = Math.floor(ms / 1000);
    timer.textContent = two(Math.floor(seconds / 60)) + ":" + two(seconds % 60);
    timer.setAttribute("aria-label", t("recording_length", "Recording length: {minutes} minutes {seconds} seconds",
                                       {minutes: Math.floor(seconds / 60), seconds: seconds % 60}));
  }

  function showLevel() {
    if (!analyser) { return; }
    var samples = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(samples);
    var sum = 0;
    for (var i = 0; i < samples.length; i++) { sum += samples[i] * samples[i]; }
    // RMS, scaled up so ordinary speech fills most of the meter.
    var level = Math.min(1, Math.sqrt(sum / samples.length) * 4);
    meter.value = level;
    meter.textContent = Math.round(level * 100) + "%";
  }

  function say(text) { status.textContent = text; }

  // Which buttons a teller can use in each phase, so the keyboard order stays meaningful.
  function phase(name) {
    box.setAttribute("data-phase", name);
    buttons.record.hidden = name !== "idle";
    buttons.pause.hidden = name !== "recording" && name !== "paused";
    buttons.stop.hidden = name !== "recording" && name !== "paused";
    buttons.again.hidden = name !== "done";
    buttons.record.setAttribute("aria-pressed", String(name === "recording" || name === "paused"));
    buttons.pause.setAttribute("aria-pressed", String(name === "paused"));
    buttons.pause.textContent = name === "paused" ? t("resume", "Resume") : t("pause", "Pause");
    player.hidden = name !== "done";
  }

  function startClock() {
    startedAt = Date.now();
    tick = window.setInterval(function () { showTime(); showLevel(); }, 200);
  }

  function stopClock() {
    if (startedAt) { elapsed += Date.now() - startedAt; }
    startedAt = 0;
    window.clearInterval(tick);
    showTime();
  }

  function release() {
    // Give the microphone back: the browser's "recording" indicator goes off.
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    if (audioContext) { audioContext.close(); }
    stream = null; audioContext = null; analyser = null;
    meter.value = 0;
    meter.textContent = "0%";
  }

  function stamp(date) {
    return date.getFullYear() + two(date.getMonth() + 1) + two(date.getDate()) + "-" +
           two(date.getHours()) + two(date.getMinutes());
  }

  function finished() {
    var blob = new Blob(chunks, {type: recorder.mimeType || chosen[0]});
    chunks = [];
    var file = new File([blob], "recording-" + stamp(new Date()) + "." + chosen[1], {type: blob.type});
    var transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    // Listeners on the input (the resumable uploader) learn of the new file as if it were chosen.
    input.dispatchEvent(new Event("change", {bubbles: true}));
    if (playerUrl) { URL.revokeObjectURL(playerUrl); }
    playerUrl = URL.createObjectURL(blob);
    player.src = playerUrl;
    phase("done");
    say(t("recording_stopped", "Recording stopped. Listen back below; it will be sent with your story."));
    player.focus();
  }

  function start() {
    buttons.record.disabled = true;
    say(t("asking_microphone", "Asking to use your microphone…"));
    navigator.mediaDevices.getUserMedia({audio: true}).then(function (media) {
      stream = media;
      var Context = window.AudioContext || window.webkitAudioContext;
      if (Context) {
        audioContext = new Context();
        analyser = audioContext.createAnalyser();
        analyser.fftSize = 1024;
        audioContext.createMediaStreamSource(stream).connect(analyser);
      }
      recorder = new MediaRecorder(stream, {mimeType: chosen[0]});
      chunks = [];
      recorder.ondataavailable = function (event) { if (event.data.size) { chunks.push(event.data); } };
      recorder.onstop = finished;
      elapsed = 0;
      // A timeslice keeps memory bounded and saves what was recorded if the tab is closed mid-way.
      recorder.start(1000);
      startClock();
      phase("recording");
      say(t("recording", "Recording."));
      buttons.pause.focus();
    }).catch(function () {
      release();
      say(t("no_microphone", "We could not use your microphone. You can choose a recording file instead."));
    }).then(function () { buttons.record.disabled = false; });
  }

  // Chromium's MediaRecorder writes WebM without a duration: the player would say 0:00 (its duration
  // is Infinity) until played through. Seeking past the end once makes it read the length; then back
  // to the start, before the teller presses play.
  player.addEventListener("loadedmetadata", function () {
    if (Number.isFinite(player.duration)) { return; }
    var back = function () {
      if (!Number.isFinite(player.duration)) { return; }
      player.removeEventListener("durationchange", back);
      player.currentTime = 0;
    };
    player.addEventListener("durationchange", back);
    player.currentTime = 1e101;
  });

  buttons.record.addEventListener("click", start);
  buttons.again.addEventListener("click", function () {
    input.value = "";  // the earlier take is not sent
    input.dispatchEvent(new Event("change", {bubbles: true}));
    player.removeAttribute("src");
    player.load();
    elapsed = 0;
    showTime();
    phase("idle");
    start();
  });
  buttons.pause.addEventListener("click", function () {
    if (recorder.state === "recording") {
      recorder.pause();
      stopClock();
      phase("paused");
      say(t("paused", "Paused."));
    } else if (recorder.state === "paused") {
      recorder.resume();
      startClock();
      phase("recording");
      say(t("recording", "Recording."));
    }
  });
  buttons.stop.addEventListener("click", function () {
    stopClock();
    recorder.stop();
    release();
  });

  showTime();
  phase("idle");
  box.hidden = false;
}());
