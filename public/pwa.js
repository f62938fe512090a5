// Registers the hall's service worker (/sw.js, written by the server) and,
// when the person signs out, tells it to forget their pages at once (the
// worker also does on seeing POST /logout). A file of this site, so the
// pages' policy (script-src 'self') runs it without a nonce; without
// JavaScript the hall simply works online.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var register = function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  };
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register);
  document.addEventListener(
    "submit",
    function (e) {
      var form = e.target;
      if (!(form instanceof HTMLFormElement)) return;
      if (new URL(form.action, location.href).pathname !== "/logout") return;
      var worker = navigator.serviceWorker.controller;
      if (worker) worker.postMessage({ type: "clear-personal" });
    },
    true,
  );
})();
