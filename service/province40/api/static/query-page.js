// The query page: YASGUI against this service's /sparql, and the stored questions as examples.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("province40-config").textContent);
  var examples = JSON.parse(document.getElementById("province40-examples").textContent);
  var bySlug = {};
  examples.forEach(function (ex) { bySlug[ex.slug] = ex; });
  if (typeof window.Yasgui === "undefined") { return; }
  var yasgui = new window.Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    persistenceId: null,
    yasqe: { autocompleters: ["prefixes", "variables"] },
  });
  window.province40Yasgui = yasgui;
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = bySlug[button.getAttribute("data-slug")];
      var tab = yasgui.getTab();
      tab.setQuery(example.query);
      tab.query();
    });
  });
  if (config.initial) {
    yasgui.getTab().setQuery(config.initial);
  } else if (examples.length && !yasgui.getTab().getQuery().trim()) {
    yasgui.getTab().setQuery(examples[0].query);
  }
})();
