// Runs before the page is drawn (a blocking script in <head>): styles for script-enabled
// browsers apply at once. A file, not an inline script, so cached public pages need no nonce.
document.documentElement.classList.replace("no-js", "js");
