// Keep the status live without reloading the page (which would lose the one-time withdrawal code).
(function () {
  const box = document.getElementById("status");
  if (!box || box.dataset.finished === "yes") return;
  const bar = document.getElementById("progress");
  const poll = async () => {
    try {
      const reply = await fetch(box.dataset.json, { headers: { Accept: "application/json" } });
      const { story } = await reply.json();
      // The label comes translated from the server, in the page's language (the session decides).
      document.getElementById("state").textContent = story.label;
      document.getElementById("state").dataset.state = story.state;
      document.getElementById("state").className = "state state-" + story.state;
      document.getElementById("explained").textContent = story.explained;
      const share = story.progress.percent;
      document.getElementById("progress-box").hidden = share === null || story.finished;
      if (share !== null) {
        bar.value = share;
        bar.textContent = share + "%";
        document.getElementById("progress-text").textContent = share + "%";
      }
      if (story.archive_link) {
        document.getElementById("archive-link").href = story.archive_link;
        document.getElementById("published").hidden = false;
      }
      if (story.settled) return;
      // Waiting for a moderator can take days: ask less often, but keep the page current.
      setTimeout(poll, story.finished ? 30000 : 2000);
      return;
    } catch (error) {
      // A dropped connection is normal on a phone; try again.
    }
    setTimeout(poll, 2000);
  };
  setTimeout(poll, 2000);
})();
