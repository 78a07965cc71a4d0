// Live progress for a return being checked: polls the progress endpoint and reloads the
// page when the check has finished. Without JavaScript the page refreshes itself instead.
const bar = document.querySelector("progress[data-progress-url]");
const label = document.getElementById("progress-label");
if (bar) {
  for (const meta of document.querySelectorAll('meta[http-equiv="refresh"]')) meta.remove();
  const poll = async () => {
    const response = await fetch(bar.dataset.progressUrl, { headers: { Accept: "application/json" } });
    if (response.ok) {
      const state = await response.json();
      bar.value = state.progress;
      bar.textContent = `${state.progress}%`;
      if (label) label.textContent = `${state.stage || "Checking"}: ${state.progress}% done.`;
      if (state.finished) { window.location.reload(); return; }
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 500);
}
