/**
 * The web hosts a `source` may cite, each with its class, and the reason each class is acceptable.
 * Sources should be primary (the agency, budget office, ministry or programme office that produced a
 * figure; the statistical agency for population and GDP; defence press on its own site). A host that
 * is not primary stays only when no primary was located, in a class that says so, and (for copies and
 * low-quality pages) only where the citation itself says so: `source-hosts.test.ts` scans every source
 * string of the catalog, policies, studies and scenarios and rejects any other host.
 *
 * To cite a new host: add it here under the class that fits, or better, cite the primary instead.
 * A host entry also covers its subdomains (reuters.com covers in.reuters.com).
 */

export const SOURCE_HOST_CLASSES = {
  government: 'a government, parliament, budget office or armed service: the primary record of its own programmes, budgets and statements',
  'statistical-agency':
    'a national statistical agency, central bank or the World Bank: the producer of the population, GDP or exchange-rate figure',
  research: 'a research institute, university, learned society or its journal: signed, citable analysis',
  'defense-press': 'specialist defence, space or aerospace press, cited on its own site',
  news: "a newspaper, broadcaster or news agency on its own site (state media read as that state's own statement)",
  manufacturer: "the maker of a system, for its own product's published figures (a primary record of the product, not of its use)",
  reference: 'an encyclopedia or gazetteer, for coordinates, dates and other uncontested facts',
  'specialist-site': "a named specialist's site or hobby page with technical detail found nowhere more primary",
  'copy-of-original':
    'a verbatim copy, licensed reprint or rewrite of a named original (a document, wire story or article) whose own URL was not located; the citation must say whose text it is ("via", "as copied", "reprint", "rewritten", "as reported")',
  'low-quality':
    'a page of unknown reliability kept because no primary for the figure was located; the citation must mark it ("low-quality", "(L", "student blog") and the figure is labelled',
} as const;
export type SourceHostClass = keyof typeof SOURCE_HOST_CLASSES;

/** Words a citation of a copy or a low-quality page must carry, by class. */
export const REQUIRED_MARKERS: Partial<Record<SourceHostClass, RegExp>> = {
  'copy-of-original': /\b(via|as copied|copied|copy|reprint|rewritten|rewrite|as reported|republished)\b/i,
  'low-quality': /low-quality|\(L\b|\(L\/|\bL-quality|student blog/i,
};

export const ALLOWED_SOURCE_HOSTS: Readonly<Record<string, SourceHostClass>> = {
  // government
  'cbo.gov': 'government',
  'census.gov': 'government',
  'bea.gov': 'government',
  'defense.gov': 'government',
  'mda.mil': 'government',
  'af.mil': 'government',
  'spaceforce.mil': 'government',
  'airuniversity.af.edu': 'government',
  'canada.ca': 'government',
  'forces.gc.ca': 'government',
  'whitehouse.gov': 'government',
  'nato.int': 'government',
  'airforce.gov.au': 'government',
  // statistical agencies, central banks
  'statcan.gc.ca': 'statistical-agency',
  'worldbank.org': 'statistical-agency',
  'bankofcanada.ca': 'statistical-agency',
  // research
  'armscontrol.org': 'research',
  'csis.org': 'research',
  'fas.org': 'research',
  'nap.edu': 'research',
  'spectrum.ieee.org': 'research',
  'csc.asu.edu': 'research',
  'missiledefenseadvocacy.org': 'research',
  // defence and space press
  'breakingdefense.com': 'defense-press',
  'shephardmedia.com': 'defense-press',
  'defensedaily.com': 'defense-press',
  'defensenews.com': 'defense-press',
  'spacenews.com': 'defense-press',
  'nasaspaceflight.com': 'defense-press',
  'strategypage.com': 'defense-press',
  'defence-industries.com': 'defense-press',
  'defencetalk.com': 'defense-press',
  'defenseworld.net': 'defense-press',
  'sofrep.com': 'defense-press',
  'oodaloop.com': 'defense-press',
  'meritalk.com': 'defense-press',
  'payloadspace.com': 'defense-press',
  'militarytimes.com': 'defense-press',
  'janes.com': 'defense-press',
  'defaiya.com': 'defense-press',
  'airandspaceforces.com': 'defense-press',
  'flightglobal.com': 'defense-press',
  'defensetech.org': 'defense-press',
  // news on their own sites
  'abc.net.au': 'news',
  'anews.com.tr': 'news',
  'archiviolastampa.it': 'news',
  'elsiglodetorreon.com.mx': 'news',
  'arctictoday.com': 'news',
  'capecodtimes.com': 'news',
  'asiae.co.kr': 'news',
  'columbian.com': 'news',
  'dailywire.com': 'news',
  'deccanherald.com': 'news',
  'delfi.ee': 'news',
  'donga.com': 'news',
  'economist.com': 'news',
  'chosun.com': 'news',
  'exxpress.at': 'news',
  'sputniknews.com': 'news',
  'sarabic.ae': 'news',
  'noticiabrasil.net.br': 'news',
  'gazeta.ru': 'news',
  'aif.ru': 'news',
  'ibtimes.com': 'news',
  'radio-canada.ca': 'news',
  'ilgazzettino.it': 'news',
  'reuters.com': 'news',
  'koreaherald.com': 'news',
  'aksam.com.tr': 'news',
  'komputerswiat.pl': 'news',
  'meteoweb.eu': 'news',
  'bbc.co.uk': 'news',
  'republicworld.com': 'news',
  'saltwire.com': 'news',
  'scmp.com': 'news',
  'shine.cn': 'news',
  'staradvertiser.com': 'news',
  'straitstimes.com': 'news',
  'tass.com': 'news',
  'tienphong.vn': 'news',
  'todaysnorthumberland.ca': 'news',
  'ukrinform.de': 'news',
  'upi.com': 'news',
  'utsandiego.com': 'news',
  'voaindonesia.com': 'news',
  'washingtonexaminer.com': 'news',
  'webcenterfairbanks.com': 'news',
  'wired.com': 'news',
  'kbs.co.kr': 'news',
  'wrtv.com': 'news',
  'yorkshirepost.co.uk': 'news',
  'zeenews.india.com': 'news',
  'almanar.com.lb': 'news',
  'maltatoday.com.mt': 'news',
  'koreatimes.co.kr': 'news',
  'nationalinterest.org': 'news',
  'huffingtonpost.ca': 'news',
  'theglobeandmail.com': 'news',
  'vtcnews.vn': 'news',
  'sputniknews.jp': 'news',
  'interfax.com': 'news',
  'americanmilitarynews.com': 'news',
  'rt.com': 'news',
  'themoscowtimes.com': 'news',
  'inform.kz': 'news', // Kazinform, Kazakhstan's state news agency
  'stripes.com': 'news',
  'csmonitor.com': 'news', // The Christian Science Monitor
  'thisistucson.com': 'news',
  'zeit.de': 'news',
  'ndr.de': 'news',
  'tvzvezda.ru': 'news', // Russia's MoD television channel: the state's own statement
  // manufacturers
  'boeing.mediaroom.com': 'manufacturer',
  'lockheedmartin.com': 'manufacturer',
  // reference
  'en.wikipedia.org': 'reference',
  'de.wikipedia.org': 'reference',
  'wikimapia.org': 'reference',
  'ourairports.com': 'reference',
  // specialist sites
  'mostlymissiledefense.com': 'specialist-site',
  'arrlsacvalley.org': 'specialist-site',
  'peterhall.de': 'specialist-site',
  'everything2.com': 'specialist-site',
  'radomes.org': 'specialist-site',
  'oredigger61.org': 'specialist-site',
  // copies, reprints and rewrites of a named original
  'airrecognition.com': 'copy-of-original', // reprints TASS wire text under TASS's copyright
  'milthink.com': 'copy-of-original',
  'bighobbydream.blogspot.com': 'copy-of-original',
  'marketscreener.com': 'copy-of-original',
  'pressreader.com': 'copy-of-original',
  'severuss.online': 'copy-of-original',
  'studylib.net': 'copy-of-original',
  'de-academic.com': 'copy-of-original',
  'globaldefense.online': 'copy-of-original',
  'onenewspage.com': 'copy-of-original',
  'news.rationalreview.com': 'copy-of-original',
  'chinapulse.com': 'copy-of-original',
  'kokani.me': 'copy-of-original',
  'prophecynewsstand.blogspot.com': 'copy-of-original',
  'miragec14.blogspot.com': 'copy-of-original',
  'news-pravda.com': 'copy-of-original',
  'voltairenet.org': 'copy-of-original',
  'eir.news': 'copy-of-original',
  'handofmoscow.com': 'copy-of-original',
  'nuclearfree.nuclearfreepeacemakers.org.nz': 'copy-of-original',
  'english.kolkata24x7.com': 'copy-of-original',
  'agabber.wordpress.com': 'copy-of-original',
  'historyonthenet.com': 'copy-of-original',
  'netpress.ru': 'copy-of-original', // verbatim copy of a UCS All Things Nuclear post
  // low quality, marked where cited
  'beijingtimes.com': 'low-quality',
  'misryoum.com': 'low-quality',
  'rbtfl.xyz': 'low-quality',
  'adz.news': 'low-quality',
  'slashgear.com': 'low-quality',
  'debtman.dev': 'low-quality',
  'morrow.report': 'low-quality',
  'jfacunc.org': 'low-quality',
  'grokipedia.com': 'low-quality',
  'gagadget.com': 'low-quality',
  'pipedot.org': 'low-quality',
  'taiwanwire.com': 'low-quality',
  'chinawiki.net': 'low-quality',
  'head-post.com': 'low-quality',
  'nemopan.com': 'low-quality',
  'cherry-m.chat.ru': 'low-quality',
  'blueskypit.com': 'low-quality',
  'autoevolution.com': 'low-quality',
  'ukrayina.pl': 'low-quality',
  'rightleadingfuture.com': 'low-quality',
};

/** The hosts of the http(s) URLs in a text, lower-case, without a leading "www.". */
export function urlHosts(text: string): string[] {
  return [...text.matchAll(/https?:\/\/([^/\s"'<>()\],;]+)/gi)].map((m) =>
    m[1]
      .toLowerCase()
      .replace(/^www\d?\./, '')
      .replace(/:\d+$/, '')
      .replace(/\.$/, ''),
  );
}

/** The allowed-list entry covering a host (the host itself or a parent domain), or undefined. */
export function hostEntry(host: string): { entry: string; class: SourceHostClass } | undefined {
  for (let h = host; h.includes('.'); h = h.slice(h.indexOf('.') + 1)) {
    const c = ALLOWED_SOURCE_HOSTS[h];
    if (c) return { entry: h, class: c };
  }
  return undefined;
}

/** What is wrong with a source string's hosts: an unlisted host, or a copy or low-quality page cited without saying so. */
export function sourceHostProblems(source: string): string[] {
  const problems: string[] = [];
  for (const host of urlHosts(source)) {
    const e = hostEntry(host);
    if (!e) {
      problems.push(
        `host '${host}' is not on the allowed list (packages/scenario/src/catalog/source-hosts.ts): cite the primary source, or add the host under the class that fits`,
      );
      continue;
    }
    const marker = REQUIRED_MARKERS[e.class];
    if (marker && !marker.test(source)) problems.push(`host '${host}' is a ${e.class} host: the citation must say so (${marker.source})`);
  }
  return problems;
}
