// Poll a background job and reload the page when it is ready; without JS, "Check progress" works.
const box = document.getElementById("match-progress");

if (box) {
  const url = box.dataset.progressUrl;
  const poll = async () => {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const job = await response.json();
    if (job.ready) {
      window.location.reload();
      return;
    }
    box.textContent = job.error
      ? `Something went wrong: ${job.error}`
      : `${job.done} of ${job.total} descriptions read.`;
    setTimeout(poll, 1500);
  };
  setTimeout(poll, 1000);
}
