// Leerplatform webinar pages. The pages work without this; it adds three conveniences.

// 1. When the visitor's own time zone differs from the webinar's, show the start in theirs too.
const ownZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
for (const element of document.querySelectorAll("time[data-local-time]")) {
  const start = new Date(element.getAttribute("datetime"));
  if (Number.isNaN(start.getTime())) continue;
  const format = (timeZone) =>
    new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      dateStyle: "full",
      timeStyle: "short",
      timeZone,
    }).format(start);
  const shown = format(element.dataset.zone || "Europe/Brussels");
  const own = format(ownZone);
  if (own === shown) continue;
  const note = document.createElement("span");
  note.className = "local-time";
  note.textContent = ` (${own}, ${ownZone})`;
  element.after(note);
}

// 2. Chapter marks jump the recording to their moment instead of reloading the video.
const video = document.querySelector("video[data-recording]");
if (video) {
  for (const link of document.querySelectorAll("a[data-seek]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      video.currentTime = Number(link.dataset.seek);
      video.play().catch(() => {});
      video.focus();
    });
  }
}

// 3. A link to a moment (a search hit in the captions, ?t=83#recording) starts the recording
// there. The video's source carries the moment as a media fragment (#t=83); this is for
// browsers that ignore those.
if (video && video.dataset.start) {
  const start = Number(video.dataset.start);
  const seek = () => {
    if (video.currentTime < start) video.currentTime = start;
  };
  if (video.readyState >= 1) seek();
  else video.addEventListener("loadedmetadata", seek, { once: true });
}
