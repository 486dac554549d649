// The Markdown editor: enhances every <textarea data-editor="markdown"> with a formatting toolbar
// (bold, italics, bulleted and numbered lists, link, quote, code) that writes Markdown around the
// selection, and, when the textarea names a `data-mention-url`, an @mention autocomplete of the
// group's members. Without this script the textarea is a plain Markdown field; the server renders
// and sanitises whatever arrives (portal.markup), so nothing here is trusted.
//
// Keyboard: Tab reaches the toolbar, arrow keys move between its buttons. In the textarea,
// Ctrl/⌘+B, Ctrl/⌘+I and Ctrl/⌘+K make bold, italics and a link. In the @mention list:
// ArrowDown/ArrowUp choose, Enter or Tab takes the name, Escape closes the list.

// The labels follow the page's language (<html lang>); the server translates everything else.
const LABELS = {
  nl: {
    toolbar: "Opmaak",
    bold: "Vet (Ctrl+B)",
    italic: "Cursief (Ctrl+I)",
    bullets: "Lijst met opsommingstekens",
    numbers: "Genummerde lijst",
    link: "Link (Ctrl+K)",
    quote: "Citaat",
    code: "Code",
    boldText: "vette tekst",
    italicText: "cursieve tekst",
    linkText: "linktekst",
    codeText: "code",
    listItem: "item",
    members: "Leden",
    found: (count) => (count === 1 ? "1 lid gevonden" : `${count} leden gevonden`),
    none: "Geen lid met die naam",
  },
  en: {
    toolbar: "Formatting",
    bold: "Bold (Ctrl+B)",
    italic: "Italics (Ctrl+I)",
    bullets: "Bulleted list",
    numbers: "Numbered list",
    link: "Link (Ctrl+K)",
    quote: "Quote",
    code: "Code",
    boldText: "bold text",
    italicText: "italic text",
    linkText: "link text",
    codeText: "code",
    listItem: "item",
    members: "Members",
    found: (count) => (count === 1 ? "1 member found" : `${count} members found`),
    none: "No member by that name",
  },
};

const MENTION_DELAY_MS = 150;
const MENTION_MAX_LENGTH = 40;
// "@" at the start or after a space or punctuation (not in an e-mail address), then up to three
// words of a name, up to the caret.
const MENTION_QUERY = /(?:^|[^\p{L}\p{N}_@])@((?:[\p{L}\p{N}][\p{L}\p{N}'’.-]*(?: (?=[\p{L}\p{N}]|$))?){0,3})$/u;

function labels() {
  const language = (document.documentElement.lang || "nl").slice(0, 2);
  return LABELS[language] ?? LABELS.en;
}

let counter = 0;
function uniqueId(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

// --- Editing the text ----------------------------------------------------------------------------

// Replaces start..end with `text` (through the browser's undo history where it supports that) and
// selects selectStart..selectEnd of the new text.
function replaceRange(textarea, start, end, text, selectStart = text.length, selectEnd = selectStart) {
  textarea.focus();
  textarea.setSelectionRange(start, end);
  const viaUndo = typeof document.execCommand === "function" && document.execCommand("insertText", false, text);
  if (!viaUndo || textarea.value.slice(start, start + text.length) !== text) {
    textarea.setRangeText(text, start, end, "end");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }
  textarea.setSelectionRange(start + selectStart, start + selectEnd);
}

function wrap(before, after, placeholderKey) {
  return (textarea, text) => {
    const { selectionStart: start, selectionEnd: end, value } = textarea;
    const inner = value.slice(start, end) || text[placeholderKey];
    replaceRange(textarea, start, end, before + inner + after, before.length, before.length + inner.length);
  };
}

// Puts `prefix(index)` before every line the selection touches (lists, quotes).
function prefixLines(prefix) {
  return (textarea, text) => {
    const { selectionStart: start, selectionEnd: end, value } = textarea;
    const lineStart = value.lastIndexOf("\n", start - 1) + 1;
    let lineEnd = value.indexOf("\n", end > start && value[end - 1] === "\n" ? end - 1 : end);
    if (lineEnd === -1) lineEnd = value.length;
    const lines = value.slice(lineStart, lineEnd).split("\n");
    const block = lines.map((line, index) => prefix(index) + (line || (lines.length === 1 ? text.listItem : line))).join("\n");
    // A list or quote needs a blank line above it when it follows a paragraph.
    const gap = lineStart > 1 && value[lineStart - 2] !== "\n" ? "\n" : "";
    replaceRange(textarea, lineStart, lineEnd, gap + block, gap.length, gap.length + block.length);
  };
}

function link(textarea, text) {
  const { selectionStart: start, selectionEnd: end, value } = textarea;
  const selected = value.slice(start, end);
  if (/^https?:\/\/\S+$/.test(selected)) {
    const markdown = `[${text.linkText}](${selected})`;
    replaceRange(textarea, start, end, markdown, 1, 1 + text.linkText.length);
    return;
  }
  const label = selected || text.linkText;
  const markdown = `[${label}](https://)`;
  // The address is what remains to be typed: select it.
  replaceRange(textarea, start, end, markdown, label.length + 3, markdown.length - 1);
}

function code(textarea, text) {
  const { selectionStart: start, selectionEnd: end, value } = textarea;
  const selected = value.slice(start, end);
  if (!selected.includes("\n")) {
    wrap("`", "`", "codeText")(textarea, text);
    return;
  }
  const before = start > 0 && value[start - 1] !== "\n" ? "\n" : "";
  const fenced = `${before}\`\`\`\n${selected.replace(/\n$/, "")}\n\`\`\`\n`;
  replaceRange(textarea, start, end, fenced, before.length + 4, fenced.length - 5);
}

const ACTIONS = [
  { name: "bold", symbol: "B", run: wrap("**", "**", "boldText"), key: "b" },
  { name: "italic", symbol: "I", run: wrap("_", "_", "italicText"), key: "i" },
  { name: "bullets", symbol: "•", run: prefixLines(() => "- ") },
  { name: "numbers", symbol: "1.", run: prefixLines((index) => `${index + 1}. `) },
  { name: "link", symbol: "↗", run: link, key: "k" },
  { name: "quote", symbol: "❝", run: prefixLines(() => "> ") },
  { name: "code", symbol: "</>", run: code },
];

// --- The toolbar ---------------------------------------------------------------------------------

function toolbar(textarea, text) {
  const bar = document.createElement("div");
  bar.className = "editor-toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", text.toolbar);
  bar.setAttribute("aria-controls", textarea.id);
  const buttons = ACTIONS.map((action, index) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `editor-toolbar__button editor-toolbar__button--${action.name}`;
    button.dataset.action = action.name;
    button.setAttribute("aria-label", text[action.name]);
    button.title = text[action.name];
    button.tabIndex = index === 0 ? 0 : -1; // one tab stop; arrows move inside (roving tabindex)
    const symbol = document.createElement("span");
    symbol.setAttribute("aria-hidden", "true");
    symbol.textContent = action.symbol;
    button.append(symbol);
    // Keep the textarea's selection when the button is clicked with the mouse.
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => action.run(textarea, text));
    return button;
  });
  bar.append(...buttons);
  bar.addEventListener("keydown", (event) => {
    const current = buttons.indexOf(document.activeElement);
    if (current === -1) return;
    const target = {
      ArrowRight: (current + 1) % buttons.length,
      ArrowLeft: (current - 1 + buttons.length) % buttons.length,
      Home: 0,
      End: buttons.length - 1,
    }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    buttons[current].tabIndex = -1;
    buttons[target].tabIndex = 0;
    buttons[target].focus();
  });
  textarea.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    const action = ACTIONS.find((candidate) => candidate.key === event.key.toLowerCase());
    if (!action) return;
    event.preventDefault();
    action.run(textarea, text);
  });
  return bar;
}

// --- @mentions -----------------------------------------------------------------------------------

class MentionList {
  constructor(textarea, url, text) {
    this.textarea = textarea;
    this.url = url;
    this.text = text;
    this.members = [];
    this.active = -1;
    this.timer = null;
    this.controller = null;
    this.list = document.createElement("ul");
    this.list.id = uniqueId(`${textarea.id}-mentions`);
    this.list.className = "editor-mentions";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", text.members);
    this.list.hidden = true;
    this.status = document.createElement("p");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    textarea.setAttribute("aria-autocomplete", "list");
    // A textarea keeps its textbox role (no combobox on it, so no aria-expanded); the list is
    // tied to it by aria-controls and the chosen name by aria-activedescendant.
    textarea.setAttribute("aria-controls", this.list.id);
    textarea.after(this.list, this.status);
    textarea.addEventListener("input", () => this.schedule());
    textarea.addEventListener("click", () => this.schedule());
    textarea.addEventListener("keydown", (event) => this.key(event));
    textarea.addEventListener("blur", () => setTimeout(() => this.close(), 150));
  }

  query() {
    const { selectionStart: start, selectionEnd: end, value } = this.textarea;
    if (start !== end) return null;
    const before = value.slice(Math.max(0, start - MENTION_MAX_LENGTH - 2), start);
    const match = MENTION_QUERY.exec(before);
    if (!match) return null;
    return { text: match[1], from: start - match[1].length - 1, to: start };
  }

  schedule() {
    clearTimeout(this.timer);
    if (this.justChosen) {
      // The input event of the name just inserted: the list stays closed.
      this.justChosen = false;
      return;
    }
    const query = this.query();
    if (!query) {
      this.close();
      return;
    }
    this.timer = setTimeout(() => this.fetch(query), MENTION_DELAY_MS);
  }

  async fetch(query) {
    this.controller?.abort();
    this.controller = new AbortController();
    try {
      const response = await fetch(`${this.url}?q=${encodeURIComponent(query.text.trim())}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: this.controller.signal,
      });
      if (!response.ok) {
        this.close();
        return;
      }
      const data = await response.json();
      this.show(data.members, query);
    } catch (error) {
      if (error.name !== "AbortError") this.close();
    }
  }

  show(members, query) {
    this.members = members;
    this.range = query;
    this.list.replaceChildren();
    if (!members.length) {
      this.status.textContent = query.text ? this.text.none : "";
      this.close();
      return;
    }
    members.forEach((member, index) => {
      const option = document.createElement("li");
      option.id = `${this.list.id}-${index}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = member.name; // text, never HTML
      option.addEventListener("mousedown", (event) => event.preventDefault());
      option.addEventListener("click", () => this.choose(index));
      this.list.append(option);
    });
    this.list.hidden = false;
    this.status.textContent = this.text.found(members.length);
    this.select(0);
  }

  select(index) {
    const options = [...this.list.children];
    options.forEach((option, position) => option.setAttribute("aria-selected", String(position === index)));
    this.active = index;
    if (index >= 0 && options[index]) {
      this.textarea.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }
  }

  choose(index) {
    const member = this.members[index];
    const query = this.query() ?? this.range;
    if (!member || !query) return;
    const text = `@${member.name} `;
    this.justChosen = true;
    replaceRange(this.textarea, query.from, query.to, text);
    this.justChosen = false;
    this.close();
  }

  close() {
    this.list.hidden = true;
    this.textarea.removeAttribute("aria-activedescendant");
    this.active = -1;
  }

  key(event) {
    if (this.list.hidden) return;
    const count = this.members.length;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      this.select((this.active + 1) % count);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      this.select((this.active - 1 + count) % count);
    } else if ((event.key === "Enter" || event.key === "Tab") && this.active >= 0) {
      event.preventDefault();
      this.choose(this.active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.close();
    }
  }
}

// --- Setting up ----------------------------------------------------------------------------------

// Pages that do not link the editor's stylesheet themselves get it from here.
function addStylesheet() {
  if (document.querySelector('link[href*="editor"][href$=".css"]')) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("../css/editor.css", import.meta.url).pathname;
  document.head.append(link);
}

export function enhance(textarea) {
  if (textarea.dataset.editorReady) return;
  textarea.dataset.editorReady = "1";
  const text = labels();
  if (!textarea.id) textarea.id = uniqueId("editor");
  const wrapper = document.createElement("div");
  wrapper.className = "editor";
  textarea.before(wrapper);
  wrapper.append(toolbar(textarea, text), textarea);
  if (textarea.dataset.mentionUrl) new MentionList(textarea, textarea.dataset.mentionUrl, text);
}

const textareas = document.querySelectorAll('textarea[data-editor="markdown"]');
if (textareas.length) addStylesheet();
for (const textarea of textareas) enhance(textarea);
