// Poll a background job and reload the page when it is ready; without JS, "Check progress" works.
const box = document.getElementById("match-progress");

const say = (text, isError = false) => {
  const line = document.createElement("p");
  line.className = isError ? "govuk-body govuk-error-message" : "govuk-body";
  line.textContent = text;
  box.replaceChildren(line);
};

if (box) {
  const { progressUrl: url, working, failed } = box.dataset;
  const poll = async () => {
    let job;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok || !response.headers.get("content-type")?.includes("json")) {
        window.location.reload(); // signed out or moved on: the page itself says what to do
        return;
      }
      job = await response.json();
    } catch {
      say("Lost contact with the server. Trying again…");
      setTimeout(poll, 5000);
      return;
    }
    if (job.ready) {
      window.location.reload();
      return;
    }
    if (job.error) {
      say(failed, true);
      return;
    }
    say(job.percent ? `${working}: ${job.percent}% done.` : "Starting…");
    setTimeout(poll, 1500);
  };
  setTimeout(poll, 1000);
}
