// The thread page, live: new replies appear without reloading, edited and deleted posts change in
// place, and "Quote" puts the quoted post into the reply box instead of reloading the page.
//
// The thread's room in live/ (/ws/live/thread/<id>/) carries only post ids ({type: "post", id},
// {type: "post_changed", id}, {type: "thread", locked}); the posts themselves come from the
// thread's fragment URL, which checks permission on every request and renders each post as the
// page does, for this person. After every (re)connect the page asks that URL for the posts after
// the last id it has, so a reply sent while the connection was away is fetched once and never
// twice. Without JavaScript the page is the same thread, reloaded by hand.

const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 15000;
const HEARTBEAT_MS = 25000;
const CLOSE_FORBIDDEN = 4403;

class ThreadLive {
  constructor(root) {
    this.root = root;
    this.list = root.querySelector('[data-thread="posts"]');
    this.status = root.querySelector('[data-thread="status"]');
    this.lastId = Number(root.dataset.lastId) || 0;
    this.onLastPage = root.dataset.onLastPage === "1";
    this.attempts = 0;
    this.stopped = false;
    this.fetching = null;
    this.again = false;
    this.holdUntil = 0;
    this.connect();
  }

  // --- Connection ----------------------------------------------------------------------------

  connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    this.socket = new WebSocket(`${scheme}//${location.host}${this.root.dataset.socket}`);
    this.socket.addEventListener("open", () => {
      this.attempts = 0;
      this.heartbeat = setInterval(() => this.send({ type: "ping" }), HEARTBEAT_MS);
    });
    this.socket.addEventListener("message", (event) => this.receive(JSON.parse(event.data)));
    this.socket.addEventListener("close", (event) => this.closed(event));
  }

  closed(event) {
    clearInterval(this.heartbeat);
    this.socket = null;
    if (this.stopped) return;
    if (event.code === CLOSE_FORBIDDEN) {
      this.stop(this.root.dataset.gone);
      return;
    }
    this.say(this.root.dataset.reconnecting);
    const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempts);
    this.attempts += 1;
    // Jitter: after a server restart, the readers of a thread must not all come back at once.
    const delay = Math.max(backoff * (0.5 + Math.random() / 2), this.holdUntil - Date.now());
    setTimeout(() => this.connect(), delay);
  }

  // For tests and for trying the reconnect by hand: drops the connection as a network failure
  // would and stays away for `holdMs`.
  dropConnection(holdMs = 0) {
    this.holdUntil = Date.now() + holdMs;
    this.socket?.close();
  }

  stop(message) {
    this.stopped = true;
    this.say(message);
    this.socket?.close();
  }

  send(frame) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  say(text) {
    this.status.replaceChildren(text ?? "");
  }

  // --- Frames --------------------------------------------------------------------------------

  receive(frame) {
    const handler = this[`on_${frame.type}`];
    if (handler) handler.call(this, frame);
  }

  on_welcome() {
    // Connected (again): whatever was posted meanwhile comes from the fragment URL.
    this.say("");
    this.fetchNew();
  }

  on_post(frame) {
    if (frame.id > this.lastId) this.fetchNew();
  }

  on_post_changed(frame) {
    if (this.list.querySelector(`li[data-id="${Number(frame.id)}"]`)) this.fetchChanged(frame.id);
  }

  on_thread(frame) {
    if (frame.locked) this.say(this.root.dataset.locked);
  }

  on_error(frame) {
    if (frame.code === "access_revoked") this.stop(this.root.dataset.gone);
  }

  // --- Fetching posts ------------------------------------------------------------------------

  async get(query) {
    const response = await fetch(`${this.root.dataset.fragment}?${query}`, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.status === 403 || response.status === 404) {
      this.stop(this.root.dataset.gone);
      return null;
    }
    if (!response.ok) throw new Error(`fragment: ${response.status}`);
    return response.json();
  }

  // One fetch at a time; a post announced during a fetch is asked for right after it.
  async fetchNew() {
    if (!this.onLastPage) {
      this.offerLastPage();
      return;
    }
    if (this.fetching) {
      this.again = true;
      return;
    }
    this.fetching = true;
    try {
      let added = 0;
      let complete = false;
      while (!complete && !this.stopped) {
        const data = await this.get(`after=${this.lastId}`);
        if (!data) return;
        for (const post of data.posts) added += this.place(post) ? 1 : 0;
        complete = data.complete || !data.posts.length;
      }
      if (added) this.say(this.root.dataset.newReplies);
    } catch {
      // The next broadcast or reconnect asks again from the same last id.
    } finally {
      this.fetching = false;
      if (this.again) {
        this.again = false;
        this.fetchNew();
      }
    }
  }

  async fetchChanged(id) {
    try {
      const data = await this.get(`id=${Number(id)}`);
      for (const post of data?.posts ?? []) this.place(post);
    } catch {
      // A changed post that could not be fetched stays as it was until the page is reloaded.
    }
  }

  // Inserts a post in id order, or replaces the one with its id. True when it was new.
  place(post) {
    const template = document.createElement("template");
    // Rendered by the server's own template; the post's text was sanitised when it was saved.
    template.innerHTML = post.html.trim();
    const item = template.content.firstElementChild;
    const existing = this.list.querySelector(`li[data-id="${Number(post.id)}"]`);
    this.lastId = Math.max(this.lastId, post.id);
    if (existing) {
      existing.replaceWith(item);
      return false;
    }
    let before = this.list.lastElementChild;
    while (before && Number(before.dataset.id) > post.id) before = before.previousElementSibling;
    if (before) before.after(item);
    else this.list.prepend(item);
    return true;
  }

  offerLastPage() {
    const link = document.createElement("a");
    link.href = this.root.dataset.lastPageUrl;
    link.textContent = this.root.dataset.seeThem;
    this.status.replaceChildren(`${this.root.dataset.newReplies} `, link);
  }
}

// "Quote" fills the reply box with the post's text as a Markdown quote, keeping what was typed.
function quoteInto(reply, link, wrote) {
  const item = link.closest("li[data-id]");
  const body = item?.querySelector("[data-post-body]");
  if (!body) return false;
  const lines = body.innerText.trim().split("\n");
  const author = link.dataset.quoteAuthor;
  const heading = author ? `${author} ${wrote}\n` : "";
  const quote = `${heading}${lines.map((line) => (line ? `> ${line}` : ">")).join("\n")}\n\n`;
  const gap = reply.value && !reply.value.endsWith("\n\n") ? (reply.value.endsWith("\n") ? "\n" : "\n\n") : "";
  reply.focus();
  reply.setSelectionRange(reply.value.length, reply.value.length);
  if (!document.execCommand("insertText", false, gap + quote)) {
    reply.value += gap + quote;
  }
  reply.scrollIntoView({ block: "center" });
  return true;
}

for (const root of document.querySelectorAll("[data-thread-live]")) {
  root.threadLive = new ThreadLive(root);
  const reply = document.querySelector("#reageren textarea");
  if (reply) {
    root.addEventListener("click", (event) => {
      const link = event.target.closest("[data-quote]");
      if (link && quoteInto(reply, link, root.dataset.wrote)) event.preventDefault();
    });
  }
}
