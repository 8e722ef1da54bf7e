// Follows a participant import on its page: asks the progress address every two seconds,
// updates the live region (read out by screen readers) and reloads the page once the
// worker has finished, to show the preview or the result. Without JavaScript the page
// offers a plain link to check again.
(function () {
  "use strict";
  var region = document.getElementById("import-progress");
  if (!region || !region.dataset.progressUrl || !window.fetch) {
    return;
  }
  var text = region.querySelector("[data-progress-text]");
  var bar = region.querySelector("[data-progress-bar]");
  var INTERVAL = 2000;

  function show(state) {
    if (text && text.textContent !== state.text) {
      text.textContent = state.text;
    }
    if (bar && state.rows_total) {
      bar.max = state.rows_total;
      bar.value = state.rows_done;
    }
  }

  function poll() {
    fetch(region.dataset.progressUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (state) {
        if (!state.running) {
          window.location.reload();
          return;
        }
        show(state);
        window.setTimeout(poll, INTERVAL);
      })
      .catch(function () {
        window.setTimeout(poll, INTERVAL * 3);
      });
  }

  window.setTimeout(poll, INTERVAL);
})();
