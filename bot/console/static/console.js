// The staff console's little JavaScript: the pages work without it; it adds the Mini App
// login, answers of the test pane without a reload, list filters and confirmations.
"use strict";

(function () {
  // A Mini App: Telegram opens the page with #tgWebAppData=<initData>&tgWebAppVersion=...
  // The server checks initData's signature; nothing here is trusted by it.
  const login = document.getElementById("webapp-login");
  if (login) {
    const hash = new URLSearchParams(window.location.hash.slice(1));
    const initData = hash.get("tgWebAppData");
    if (initData) {
      login.querySelector(".waiting").hidden = false;
      fetch(login.dataset.auth, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ init_data: initData }),
      })
        .then((response) => response.json().then((data) => ({ ok: response.ok, data })))
        .then(({ ok, data }) => {
          if (ok && data.ok) {
            window.location.replace(login.dataset.next);
            return;
          }
          login.querySelector(".waiting").hidden = true;
          const failed = login.querySelector(".failed");
          failed.textContent = data.message || "";
          failed.hidden = false;
        })
        .catch(() => {
          login.querySelector(".waiting").hidden = true;
        });
    }
  }

  // The test pane: ask without leaving the page.
  const ask = document.getElementById("ask");
  if (ask) {
    ask.addEventListener("submit", (event) => {
      event.preventDefault();
      const draft = document.getElementById("answer-draft");
      const live = document.getElementById("answer-live");
      draft.textContent = "…";
      fetch(ask.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        body: new FormData(ask),
      })
        .then((response) => response.json())
        .then((data) => {
          draft.textContent = data.draft;
          if (live) live.textContent = data.live;
        })
        .catch(() => {
          draft.textContent = "";
          ask.submit();
        });
    });
  }

  // Long lists of checkboxes: a filter box above them.
  for (const box of document.querySelectorAll("input.filter")) {
    const list = document.getElementById(box.dataset.for);
    box.addEventListener("input", () => {
      const wanted = box.value.trim().toLowerCase();
      for (const label of list.querySelectorAll("label")) {
        label.hidden = wanted !== "" && !label.textContent.toLowerCase().includes(wanted);
      }
    });
  }

  // Removing, discarding and undoing ask first.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
})();
