// Small enhancements that every page shares. The pages work without them.

// Close an open <details> menu with Escape or a click elsewhere, as people expect from a menu.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const menu of document.querySelectorAll("details.menu[open]")) {
    menu.removeAttribute("open");
    menu.querySelector("summary")?.focus();
  }
});
document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details.menu[open]")) {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  }
});

// The Markdown editor (toolbar, @mentions) wherever a form has a textarea that asks for it:
// discussions, meetings' agenda and minutes, news.
if (document.querySelector('textarea[data-editor="markdown"]')) {
  import("./editor.js");
}
