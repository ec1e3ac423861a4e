/* Amelio's charts: Plotly figures built in Python (the apps' charts.py) and drawn here in the
   page's language. French gets its locale once: month and day names on date axes, a decimal
   comma and the no-break space Django groups thousands with ("12 000,5"), and the toolbar's
   texts. Every page draws through AmelioCharts.draw so that no chart is left in English. */
(function () {
  "use strict";

  var FRENCH = {
    moduleType: "locale",
    name: "fr",
    dictionary: {
      "Autoscale": "Échelle automatique",
      "Box Select": "Sélection rectangulaire",
      "Click to enter Plot title": "Cliquez pour saisir le titre du graphique",
      "Click to enter X axis title": "Cliquez pour saisir le titre de l'axe des X",
      "Click to enter Y axis title": "Cliquez pour saisir le titre de l'axe des Y",
      "Compare data on hover": "Comparer les données au survol",
      "Double-click on legend to isolate one trace": "Double-cliquez sur la légende pour isoler une série",
      "Double-click to zoom back out": "Double-cliquez pour dézoomer",
      "Download plot": "Télécharger le graphique",
      "Download plot as a png": "Télécharger le graphique en PNG",
      "Draw circle": "Tracer un cercle",
      "Draw closed freeform": "Tracer une forme fermée",
      "Draw line": "Tracer une ligne",
      "Draw open freeform": "Tracer une forme ouverte",
      "Draw rectangle": "Tracer un rectangle",
      "Edit in Chart Studio": "Modifier dans Chart Studio",
      "Erase active shape": "Effacer la forme active",
      "Lasso Select": "Sélection au lasso",
      "Pan": "Déplacer",
      "Produced with Plotly.js": "Réalisé avec Plotly.js",
      "Reset": "Réinitialiser",
      "Reset axes": "Réinitialiser les axes",
      "Reset view": "Réinitialiser la vue",
      "Reset views": "Réinitialiser les vues",
      "Show closest data on hover": "Afficher la donnée la plus proche au survol",
      "Snapshot succeeded": "Image enregistrée",
      "Sorry, there was a problem downloading your snapshot!": "Désolé, l'image n'a pas pu être téléchargée.",
      "Taking snapshot - this may take a few seconds": "Création de l'image, quelques secondes…",
      "Toggle Spike Lines": "Afficher ou masquer les lignes de repère",
      "Toggle show closest data on hover": "Afficher ou masquer la donnée la plus proche au survol",
      "Zoom": "Zoom",
      "Zoom in": "Zoom avant",
      "Zoom out": "Zoom arrière",
      "close:": "fermeture\u00a0:",
      "high:": "haut\u00a0:",
      "low:": "bas\u00a0:",
      "open:": "ouverture\u00a0:",
      "incoming flow count:": "flux entrants\u00a0:",
      "outgoing flow count:": "flux sortants\u00a0:",
      "source:": "source\u00a0:",
      "target:": "cible\u00a0:",
      "lower fence:": "limite basse\u00a0:",
      "upper fence:": "limite haute\u00a0:",
      "max:": "max.\u00a0:",
      "min:": "min.\u00a0:",
      "mean:": "moyenne\u00a0:",
      "mean ± σ:": "moyenne ± σ\u00a0:",
      "median:": "médiane\u00a0:",
      "q1:": "q1\u00a0:",
      "q3:": "q3\u00a0:",
      "trace": "série"
    },
    format: {
      days: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
      shortDays: ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
      months: [
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre"
      ],
      shortMonths: [
        "janv.", "févr.", "mars", "avr.", "mai", "juin",
        "juil.", "août", "sept.", "oct.", "nov.", "déc."
      ],
      date: "%d/%m/%Y",
      decimal: ",",
      thousands: "\u00a0",
      year: "%Y",
      month: "%b %Y",
      dayMonth: "%-d %b",
      dayMonthYear: "%-d %b %Y"
    }
  };

  Plotly.register(FRENCH);

  function language() {
    return (document.documentElement.lang || "en").slice(0, 2) === "fr" ? "fr" : "en";
  }

  /* The configuration of every chart: the reader's locale, no toolbar unless asked for. */
  function config(extra) {
    return Object.assign(
      {locale: language(), displayModeBar: false, displaylogo: false, responsive: true},
      extra || {}
    );
  }

  /* Draw a figure (plain data from Python) in `element` (an element or its id). */
  function draw(element, figure, extra) {
    var layout = figure.layout || {};
    /* The separators come from the locale; a figure may still set its own. */
    return Plotly.newPlot(element, figure.data, layout, config(extra));
  }

  window.AmelioCharts = {config: config, draw: draw, language: language};

  /* Every element with data-plot names the json_script that holds its figure. */
  document.querySelectorAll("[data-plot]").forEach(function (element) {
    var source = document.getElementById(element.dataset.plot);
    if (source) {
      draw(element, JSON.parse(source.textContent));
    }
  });
})();
