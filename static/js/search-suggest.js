// Suggestions for the header search box: the ARIA 1.2 combobox pattern with a listbox popup.
// Without JavaScript the box is a plain search form that posts to /zoeken/.
// Keys: ArrowDown/ArrowUp move through the suggestions, Enter opens the chosen one,
// Escape closes the list (a second Escape clears the box), Tab leaves as usual.

const MIN_LENGTH = 2;
const DELAY_MS = 150;

function setUp(form) {
  const input = form.querySelector('[role="combobox"]');
  const list = form.querySelector('[role="listbox"]');
  const status = form.querySelector("[data-suggest-status]");
  if (!input || !list) return;
  if (form.dataset.stylesheet && !document.querySelector(`link[href="${form.dataset.stylesheet}"]`)) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = form.dataset.stylesheet;
    document.head.append(link);
  }
  let items = [];
  let active = -1;
  let timer = null;
  let controller = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function select(index) {
    const options = list.querySelectorAll('[role="option"]');
    options.forEach((option, position) => {
      option.setAttribute("aria-selected", position === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(suggestions) {
    items = suggestions;
    list.replaceChildren();
    suggestions.forEach((suggestion, index) => {
      const option = document.createElement("li");
      option.id = `site-search-option-${index}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = suggestion.title; // text, never HTML
      const type = document.createElement("span");
      type.className = "search-suggestions__type";
      type.textContent = suggestion.type;
      option.append(type);
      option.addEventListener("mousedown", (event) => event.preventDefault());
      option.addEventListener("click", () => go(index));
      list.append(option);
    });
    const open = suggestions.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (status) status.textContent = open ? `${suggestions.length}` : "";
  }

  function go(index) {
    const suggestion = items[index];
    if (suggestion && suggestion.url) window.location.assign(suggestion.url);
  }

  async function fetchSuggestions() {
    const query = input.value.trim();
    if (query.length < MIN_LENGTH) {
      render([]);
      return;
    }
    if (controller) controller.abort();
    controller = new AbortController();
    const url = new URL(form.dataset.suggestUrl, window.location.href);
    url.searchParams.set("q", query);
    try {
      const response = await fetch(url, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return render([]);
      const data = await response.json();
      if (input.value.trim() === query) render(data.suggestions || []);
    } catch (error) {
      if (error.name !== "AbortError") render([]);
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    const count = items.length;
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      if (list.hidden) render(items);
      select((active + 1) % count);
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault();
      select(active <= 0 ? count - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
      event.preventDefault();
      go(active);
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      } else {
        input.value = "";
      }
    }
  });
  input.addEventListener("blur", close);
}

document.querySelectorAll("form.site-search[data-suggest-url]").forEach(setUp);
