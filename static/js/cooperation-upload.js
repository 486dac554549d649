// Multi-file upload with drag and drop and a progress bar per file. Without this script the form
// still works: the browser posts all chosen files at once and the page lists what was refused.
//
// Each file goes in its own request, so a refused file (wrong type, too large) never costs the
// others, and the progress of each is visible.

const form = document.querySelector("[data-upload-form]");

if (form) {
  const input = form.querySelector('input[type="file"]');
  const dropZone = form.querySelector("[data-drop-zone]");
  const list = form.querySelector("[data-upload-list]");
  const strings = document.getElementById("upload-strings").dataset;

  const chosen = () => Array.from(input.files);

  dropZone.classList.add("drop-zone--active");
  for (const type of ["dragenter", "dragover"]) {
    dropZone.addEventListener(type, (event) => {
      event.preventDefault();
      dropZone.classList.add("drop-zone--over");
    });
  }
  for (const type of ["dragleave", "drop"]) {
    dropZone.addEventListener(type, () => dropZone.classList.remove("drop-zone--over"));
  }
  dropZone.addEventListener("drop", (event) => {
    event.preventDefault();
    const transfer = new DataTransfer();
    for (const file of [...chosen(), ...event.dataTransfer.files]) transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change"));
  });

  input.addEventListener("change", () => {
    list.replaceChildren(...chosen().map((file) => row(file)));
  });

  function row(file) {
    const item = document.createElement("li");
    const name = document.createElement("span");
    name.textContent = file.name;
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", file.name);
    const status = document.createElement("span");
    status.className = "upload-status";
    item.append(name, " ", bar, " ", status);
    return item;
  }

  function send(file, item) {
    const bar = item.querySelector("progress");
    const status = item.querySelector(".upload-status");
    const data = new FormData(form);
    data.delete(input.name);
    data.append(input.name, file);
    if (chosen().length > 1) data.set("title", "");
    return new Promise((resolve) => {
      const request = new XMLHttpRequest();
      request.open("POST", form.action || window.location.href);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
      });
      request.addEventListener("load", () => {
        let answer = {};
        try {
          answer = JSON.parse(request.responseText);
        } catch {
          answer = {};
        }
        const ok = request.status === 200 && (answer.uploaded || []).length > 0;
        bar.value = 100;
        item.classList.add(ok ? "upload--done" : "upload--failed");
        if (ok) {
          const link = document.createElement("a");
          link.href = answer.uploaded[0].url;
          link.textContent = strings.done;
          status.replaceChildren(link);
        } else {
          const reasons = [...(answer.refused || []), ...(answer.errors || [])];
          status.textContent = `${strings.failed}: ${reasons.join(" ") || request.statusText}`;
        }
        resolve(ok);
      });
      request.addEventListener("error", () => {
        item.classList.add("upload--failed");
        status.textContent = strings.network;
        resolve(false);
      });
      request.send(data);
    });
  }

  form.addEventListener("submit", async (event) => {
    const files = chosen();
    if (!files.length) return; // let the server say so, in the person's language
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    const items = files.map((file) => row(file));
    list.replaceChildren(...items);
    const results = [];
    for (const [index, file] of files.entries()) results.push(await send(file, items[index]));
    button.disabled = false;
    if (results.every(Boolean)) window.location.assign(form.dataset.groupUrl);
    else input.value = "";
  });
}
