// Multi-file upload with drag and drop and a progress bar per file. Without this script the form
// still works: the browser posts all chosen files at once and the page lists what was refused.
//
// Each file travels on its own, in chunks (data-chunk-size bytes) to data-chunk-url, and is then
// added to the library by posting the form with its upload id (cooperation/staging.py). So a
// refused file never costs the others, the server never holds a whole recording in memory, and
// the progress of each file is visible.

const form = document.querySelector("[data-upload-form]");

if (form) {
  const input = form.querySelector('input[type="file"]');
  const dropZone = form.querySelector("[data-drop-zone]");
  const list = form.querySelector("[data-upload-list]");
  const strings = document.getElementById("upload-strings").dataset;
  const chunkSize = Number(form.dataset.chunkSize) || 8 * 1024 * 1024;
  const csrf = form.querySelector('input[name="csrfmiddlewaretoken"]').value;

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

  // One request; resolves with {status, answer} and reports upload progress in bytes.
  function post(url, body, headers, onProgress) {
    return new Promise((resolve) => {
      const request = new XMLHttpRequest();
      request.open("POST", url);
      request.setRequestHeader("Accept", "application/json");
      request.setRequestHeader("X-CSRFToken", csrf);
      for (const [key, value] of Object.entries(headers)) request.setRequestHeader(key, value);
      request.upload.addEventListener("progress", (event) => onProgress?.(event.loaded));
      request.addEventListener("load", () => {
        let answer = {};
        try {
          answer = JSON.parse(request.responseText);
        } catch {
          answer = { error: request.statusText };
        }
        resolve({ status: request.status, answer });
      });
      request.addEventListener("error", () => resolve({ status: 0, answer: {} }));
      request.send(body);
    });
  }

  async function send(file, item, many) {
    const bar = item.querySelector("progress");
    const status = item.querySelector(".upload-status");
    const uploadId = crypto.randomUUID().replaceAll("-", "");
    const fail = (reasons) => {
      item.classList.add("upload--failed");
      status.textContent = `${strings.failed}: ${reasons.join(" ")}`;
      return false;
    };
    let offset = 0;
    do {
      const piece = file.slice(offset, offset + chunkSize);
      const { status: code, answer } = await post(
        form.dataset.chunkUrl,
        piece,
        {
          "Content-Type": "application/octet-stream",
          "X-Upload-Id": uploadId,
          "X-Upload-Name": encodeURIComponent(file.name),
          "X-Upload-Size": String(file.size),
          "X-Upload-Offset": String(offset),
        },
        (loaded) => {
          bar.value = Math.round(((offset + loaded) / Math.max(file.size, 1)) * 95);
        },
      );
      if (code === 0) return fail([strings.network]);
      if (code === 409 && Number.isInteger(answer.offset)) {
        offset = answer.offset; // the server says where it stands; continue from there
        continue;
      }
      if (code !== 200) return fail([answer.error || String(code)]);
      offset = answer.received;
    } while (offset < file.size);

    const data = new FormData(form);
    data.delete(input.name);
    data.append("staged", uploadId);
    if (many) data.set("title", "");
    const { status: code, answer } = await post(form.action || window.location.href, data, {});
    bar.value = 100;
    if (code === 200 && (answer.uploaded || []).length) {
      item.classList.add("upload--done");
      const link = document.createElement("a");
      link.href = answer.uploaded[0].url;
      link.textContent = strings.done;
      status.replaceChildren(link);
      return true;
    }
    if (code === 0) return fail([strings.network]);
    return fail([...(answer.refused || []), ...(answer.errors || [])]);
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
    for (const [index, file] of files.entries()) {
      results.push(await send(file, items[index], files.length > 1));
    }
    button.disabled = false;
    if (results.every(Boolean)) window.location.assign(form.dataset.groupUrl);
    else input.value = "";
  });
}
