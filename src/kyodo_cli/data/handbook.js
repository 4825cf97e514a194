/* The search box of kyodo's HTML handbook. Offline and self-contained: it reads the
   Q&As' search data from the JSON element #search-data and the page's own text.

   A query and the Q&As go through the same folding (NFKC, lower case, old kanji forms to
   new, hiragana to katakana). A Q&A scores by the query's character pairs it has, each
   weighted by how rare it is and by the field it is found in (question, keywords, terms,
   thesaurus words, answer); pairs of the query's loose reading (long vowels and small tsu
   dropped, as kyodo's loose_reading does) are matched against the readings of its terms,
   so しゅひぎむ finds 守秘義務. Whole terms that the query contains add to the score and
   are highlighted. */
(function () {
  "use strict";

  var FIELD_WEIGHTS = { q: 3, k: 2, t: 2, s: 1, a: 1 };
  var TEXT_FIELDS = ["q", "k", "t", "s", "a"];
  var READING_WEIGHT = 2;
  var TERM_BONUS = 1.5; // per whole term of the Q&A found in the query, times its rarity
  var MIN_COVERAGE = 0.5; // share of the query (by rarity) a shown Q&A must have
  var MIN_SHARE_OF_BEST = 0.3; // and this share of the best score
  var SEPARATORS = /[\s、。，．,.!?！？「」『』（）()・:：;；/／]+/;

  // -- folding -----------------------------------------------------------------------

  var oldForms = {};

  // Character by character, so that a folded text keeps the offsets of the original.
  function foldChars(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      var code = ch.charCodeAt(0);
      if (code >= 0xd800 && code <= 0xdfff) {
        out += ch;
        continue;
      }
      var nfkc = ch.normalize("NFKC");
      if (nfkc.length === 1) ch = nfkc;
      var lower = ch.toLowerCase();
      if (lower.length === 1) ch = lower;
      if (oldForms[ch]) ch = oldForms[ch];
      code = ch.charCodeAt(0);
      if (code >= 0x3041 && code <= 0x3096) ch = String.fromCharCode(code + 0x60);
      out += ch;
    }
    return out;
  }

  function fold(text) {
    return foldChars(text.normalize("NFKC"));
  }

  var VOWELS = [
    ["アカガサザタダナハバパマヤラワャァ", "a"],
    ["イキギシジチヂニヒビピミリィ", "i"],
    ["ウクグスズツヅヌフブプムユルュゥヴ", "u"],
    ["エケゲセゼテデネヘベペメレェ", "e"],
    ["オコゴソゾトドノホボポモヨロヲョォ", "o"]
  ];
  var VOWEL_OF = {};
  VOWELS.forEach(function (row) {
    for (var i = 0; i < row[0].length; i++) VOWEL_OF[row[0][i]] = row[1];
  });
  var SMALL = "ャュョァィゥェォ";
  var LENGTHENERS = { a: "ア", i: "イ", u: "ウ", e: "イエ", o: "ウオ" };

  // kyodo's textnorm.loose_reading: キョウドウ = キョドウ = キョド, シッパイ = シパイ.
  function looseReading(katakana) {
    var text = katakana.replace(/ヲ/g, "オ").replace(/ヂ/g, "ジ").replace(/ヅ/g, "ズ")
      .replace(/[ーッ]/g, "");
    var units = [];
    for (var i = 0; i < text.length; i++) {
      if (SMALL.indexOf(text[i]) >= 0 && units.length) units[units.length - 1] += text[i];
      else units.push(text[i]);
    }
    var kept = [];
    units.forEach(function (unit) {
      var last = kept.length ? kept[kept.length - 1] : "";
      var vowel = last ? VOWEL_OF[last[last.length - 1]] : undefined;
      if (vowel && LENGTHENERS[vowel].indexOf(unit) >= 0) return;
      kept.push(unit);
    });
    return kept.join("");
  }

  function hasKana(text) {
    return /[\u30a1-\u30fa]/.test(text);
  }

  // Pairs of neighbouring characters of each word; a word of one character stands alone.
  function pairs(words) {
    var found = [];
    words.forEach(function (word) {
      if (word.length === 1) found.push(word);
      for (var i = 0; i + 1 < word.length; i++) found.push(word.slice(i, i + 2));
    });
    return found;
  }

  function pairSet(text) {
    var set = new Set();
    pairs(text.split(/\s+/).filter(Boolean)).forEach(function (pair) { set.add(pair); });
    for (var i = 0; i < text.length; i++) set.add(text[i]);
    return set;
  }

  // -- the Q&As ----------------------------------------------------------------------

  function buildIndex(data, answers) {
    var terms = data.terms.map(function (pair) {
      return { text: fold(pair[0]), reading: pair[1], df: 0 };
    });
    var items = data.items.map(function (record) {
      var own = record.t.map(function (i) { return terms[i]; });
      own.forEach(function (term) { term.df += 1; });
      var fields = {
        q: fold(record.q),
        k: fold(record.k.join(" ")),
        t: own.map(function (term) { return term.text; }).join(" "),
        s: fold(record.s.join(" ")),
        a: fold(answers[record.n] || ""),
        r: own.map(function (term) { return term.reading; }).join(" ")
      };
      var grams = {};
      Object.keys(fields).forEach(function (name) { grams[name] = pairSet(fields[name]); });
      return { number: record.n, terms: own, grams: grams, question: fields.q };
    });
    return { items: items, terms: terms, df: {} };
  }

  function rarity(index, pair, fields) {
    var key = fields.join("") + ":" + pair;
    if (!(key in index.df)) {
      index.df[key] = index.items.filter(function (item) {
        return fields.some(function (name) { return item.grams[name].has(pair); });
      }).length;
    }
    return Math.log(1 + index.items.length / Math.max(index.df[key], 0.5));
  }

  function termRarity(index, term) {
    return Math.log(1 + index.items.length / Math.max(term.df, 1));
  }

  // How much of one word of the query a Q&A has (share) and how well placed (score).
  function wordMatch(index, item, grams, fields, weights) {
    var total = 0, found = 0, score = 0;
    grams.forEach(function (pair) {
      var weight = rarity(index, pair, fields);
      var best = 0;
      fields.forEach(function (name) {
        if (item.grams[name].has(pair)) best = Math.max(best, weights[name]);
      });
      total += weight;
      if (best > 0) {
        found += weight;
        score += weight * best;
      }
    });
    return total ? { share: found / total, score: score / total } : { share: 0, score: 0 };
  }

  function analyse(query) {
    var folded = fold(query);
    var words = folded.split(SEPARATORS).filter(Boolean);
    var reading = looseReading(words.join(""));
    return {
      folded: folded,
      words: words.map(function (word) {
        return { text: word, grams: pairs([word]), reading: pairs([looseReading(word)]) };
      }),
      joined: words.join(""),
      reading: reading
    };
  }

  // The terms of a Q&A that the query contains, as written or as read.
  function termsInQuery(item, analysed, shortestReading) {
    return item.terms.filter(function (term) {
      if (term.text.length >= 2 && analysed.joined.indexOf(term.text) >= 0) return true;
      return term.reading.length >= shortestReading && hasKana(analysed.joined) &&
        analysed.reading.indexOf(term.reading) >= 0;
    });
  }

  // A query that only names a Q&A's number (Q27, 問27, ２７): that Q&A, as kyodo ask gives
  // it; a Q or 問 number the handbook lacks finds nothing; a bare one is searched as text.
  var NAMED = /^(q|問)?\s*([0-9]{1,9})\s*番?$/;

  function named(index, query) {
    var found = fold(query).trim().match(NAMED);
    if (!found) return null;
    var number = Number(found[2]);
    if (index.items.some(function (item) { return item.number === number; })) {
      return [{ number: number, score: 1, needles: [] }];
    }
    return found[1] ? [] : null;
  }

  function rank(index, query) {
    var byNumber = named(index, query);
    if (byNumber) return byNumber;
    var analysed = analyse(query);
    if (!analysed.words.length) return [];
    var length = analysed.words.reduce(function (sum, w) { return sum + w.text.length; }, 0);
    var scored = index.items.map(function (item) {
      var coverage = 0, score = 0;
      analysed.words.forEach(function (word) {
        var match = wordMatch(index, item, word.grams, TEXT_FIELDS, FIELD_WEIGHTS);
        if (hasKana(word.text)) {
          var read = wordMatch(index, item, word.reading, ["r"], { r: READING_WEIGHT });
          if (read.share > match.share) match = read;
        }
        coverage += match.share * word.text.length / length;
        score += match.score * word.text.length / length;
      });
      var terms = termsInQuery(item, analysed, 3);
      terms.forEach(function (term) {
        var asked = item.question.indexOf(term.text) >= 0 ? 2 : 1; // the term is in the question
        score += asked * TERM_BONUS * termRarity(index, term) / 4;
      });
      if (terms.length) coverage = Math.max(coverage, Math.min(1, 0.5 + 0.1 * terms.length));
      return { item: item, coverage: coverage, score: score * coverage };
    });
    var best = Math.max.apply(null, scored.map(function (s) { return s.score; }));
    return scored
      .filter(function (s) {
        return s.coverage >= MIN_COVERAGE && s.score > 0 && s.score >= best * MIN_SHARE_OF_BEST;
      })
      .sort(function (a, b) { return b.score - a.score || a.item.number - b.item.number; })
      .map(function (s) {
        var shown = needles(analysed, termsInQuery(s.item, analysed, 2));
        return { number: s.item.number, score: s.score, needles: shown };
      });
  }

  function needles(analysed, terms) {
    var found = analysed.words.map(function (w) { return w.text; });
    terms.forEach(function (term) { found.push(term.text); });
    return found.filter(function (text) { return text.length >= 2 || /[\u4e00-\u9fff]/.test(text); });
  }

  // -- the page ----------------------------------------------------------------------

  if (typeof document === "undefined") {
    if (typeof module !== "undefined") {
      module.exports = { fold: fold, looseReading: looseReading, buildIndex: buildIndex, rank: rank,
        setOldForms: function (map) { oldForms = map; } };
    }
    return;
  }

  var source = document.getElementById("search-data");
  var form = document.getElementById("search");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var results = document.getElementById("results");
  var list = document.getElementById("results-list");
  if (!source || !form || !input || !status || !results || !list) return;
  var data = JSON.parse(source.textContent);
  oldForms = data.old_forms || {};

  var articles = {};
  var answers = {};
  var homes = [];
  Array.prototype.forEach.call(document.querySelectorAll("article.qa"), function (article) {
    var number = Number(article.getAttribute("data-number"));
    var answer = article.querySelector(".answer");
    articles[number] = article;
    answers[number] = answer ? answer.textContent : "";
    homes.push({ article: article, parent: article.parentNode, before: article.nextSibling });
  });
  var index = buildIndex(data, answers);
  var browsing = Array.prototype.slice.call(document.querySelectorAll("[data-browse]"));

  function clearMarks() {
    Array.prototype.forEach.call(document.querySelectorAll("mark.hit"), function (mark) {
      var parent = mark.parentNode;
      parent.replaceChild(document.createTextNode(mark.textContent), mark);
      parent.normalize();
    });
  }

  function highlight(article, targets) {
    var regions = article.querySelectorAll("h3 .question, .answer");
    Array.prototype.forEach.call(regions, function (region) {
      var walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach(function (node) { markNode(node, targets); });
    });
  }

  function markNode(node, targets) {
    var folded = foldChars(node.data);
    var spans = [];
    targets.forEach(function (target) {
      for (var at = folded.indexOf(target); at >= 0; at = folded.indexOf(target, at + 1)) {
        spans.push([at, at + target.length]);
      }
    });
    if (!spans.length) return;
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    spans.forEach(function (span) {
      var last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push(span.slice());
    });
    var text = node.data;
    var pieces = document.createDocumentFragment();
    var position = 0;
    merged.forEach(function (span) {
      pieces.appendChild(document.createTextNode(text.slice(position, span[0])));
      var mark = document.createElement("mark");
      mark.className = "hit";
      mark.textContent = text.slice(span[0], span[1]);
      pieces.appendChild(mark);
      position = span[1];
    });
    pieces.appendChild(document.createTextNode(text.slice(position)));
    node.parentNode.replaceChild(pieces, node);
  }

  function restore() {
    homes.forEach(function (home) {
      home.parent.insertBefore(home.article, home.before);
      home.article.hidden = false;
    });
    browsing.forEach(function (element) { element.hidden = false; });
    results.hidden = true;
    status.textContent = "";
  }

  function show(query) {
    clearMarks();
    if (!query.trim()) {
      restore();
      return;
    }
    var ranked = rank(index, query);
    var shown = {};
    browsing.forEach(function (element) { element.hidden = true; });
    results.hidden = false;
    ranked.forEach(function (hit) {
      var article = articles[hit.number];
      shown[hit.number] = true;
      article.hidden = false;
      list.appendChild(article);
      highlight(article, hit.needles);
    });
    homes.forEach(function (home) {
      if (!shown[Number(home.article.getAttribute("data-number"))]) {
        home.article.hidden = true;
        list.appendChild(home.article);
      }
    });
    status.textContent = ranked.length
      ? "「" + query.trim() + "」に合う質問: " + ranked.length + " 件（合うものから順に）"
      : "「" + query.trim() + "」に合う質問は見つかりませんでした";
  }

  function queryOfHash() {
    var hash = location.hash;
    if (hash.slice(0, 3) !== "#q=") return null;
    try {
      return decodeURIComponent(hash.slice(3).replace(/\+/g, " "));
    } catch (error) {
      return hash.slice(3);
    }
  }

  function remember(query) {
    var url = location.pathname + location.search + (query ? "#q=" + encodeURIComponent(query) : "");
    try {
      history.replaceState(null, "", url);
    } catch (error) { /* a page opened from a file may refuse: the search still works */ }
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.addEventListener("input", function () {
    show(input.value);
    remember(input.value);
  });
  window.addEventListener("hashchange", function () {
    var query = queryOfHash();
    if (query !== null) {
      input.value = query;
      show(query);
    } else if (input.value) {
      // A link to a Q&A while searching: back to the whole document, then to the Q&A.
      var target = location.hash;
      input.value = "";
      show("");
      var element = document.getElementById(target.slice(1));
      if (element) element.scrollIntoView();
    }
  });
  var initial = queryOfHash();
  if (initial !== null) {
    input.value = initial;
    show(initial);
  }
  document.documentElement.setAttribute("data-search", "ready");
})();
