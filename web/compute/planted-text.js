// The texts of the retrieval demos (retrieval-bars, stream-race): one planted
// passage and unrelated filler passages that share none of its words of four
// or more letters (the untrained bag-of-words encoder skips shorter words).
// Pure data and string building, importable in the worker, the page and node.

export const PLANTED = 'The lighthouse keeper counted seventeen copper ships drifting past the northern reef before dawn.';

export const FILLERS = [
  'Bakers knead dough at night so that bread is warm when shops open at seven.',
  'A glacier moves a few metres each year, grinding rock into fine grey flour.',
  'Chess clubs often meet on Tuesdays; players bring clocks, boards and tea.',
  'Honeybees dance in figure eights to tell hive mates where flowers grow.',
  'The violin has four strings tuned in fifths: G, D, A and E.',
  'Volcanic soil is rich in minerals, which is why vineyards climb its slopes.',
  'Marathon runners drink small sips of water every few kilometres.',
  'Printers once set type by hand, letter by letter, in wooden trays.',
  'Octopuses can change colour in a fraction of a second to hide from fish.',
  'Railway engineers add gentle curves so that trains can keep their speed.',
  'Saffron comes from crocus flowers; each bloom gives only three threads.',
  'Tides rise and fall twice a day because the moon pulls on the oceans.',
  'Carpenters measure twice and cut once, as the old saying goes.',
  'Snow crystals grow six arms because water molecules bond in hexagons.',
  'Pianos have eighty-eight keys: fifty-two white and thirty-six black.',
  'Desert plants store water in thick stems and open their pores at night.',
  'Libraries lend books, maps, films and sometimes even tools and seeds.',
  'Glassblowers turn molten sand into vases with breath and patience.',
  'Penguins huddle together in winter, taking turns at the windy edge.',
  'Cartographers draw contour lines to show hills on a flat sheet of paper.',
  'Cheese makers add rennet to milk so that it separates into curds and whey.',
  'Falcons dive faster than any other animal, folding wings tight to fall.',
  'Weavers pass the shuttle left and right, building cloth one thread at a time.',
  'Thunder follows lightning because sound travels slower than light.',
  'Gardeners rotate crops so that soil does not lose the same nutrients.',
  'Submarines fill tanks with seawater to sink and blow them empty to rise.',
  'Mushrooms are fruiting bodies; most of the fungus lives underground.',
  'Astronomers use parallax to measure the distance to nearby stars.',
  'Potters fire clay in kilns hotter than a thousand degrees.',
  'Whales sing songs that change slowly from one season to the next.',
  'Bridges expand in summer heat, so engineers leave small gaps in them.',
  'Coffee beans are seeds of a cherry that ripens from green to red.',
  'Mountaineers climb slowly at altitude to let their blood adapt.',
  'Compasses point north because a magnetised needle aligns with the field.',
  'Bicycles stay upright mostly because the steering corrects each wobble.',
  'Tailors chalk lines on fabric, then cut out a jacket pattern.',
  'Forests store carbon in wood, roots and the soil beneath them.',
  'Clockmakers balance tiny wheels so that a watch loses no time.',
  'Fireflies flash in patterns, each species with its own rhythm.',
  'Sailors tie bowlines because the knot holds well and unties easily.',
];

/** Pads (with spaces) or cuts a passage to exactly `width` bytes of ASCII. */
export function fit(passage, width) {
  return passage.length >= width ? passage.slice(0, width) : passage + ' '.repeat(width - passage.length);
}

/**
 * retrieval-bars: the planted passage, `gap` fillers, the planted passage
 * again — each padded to exactly one segment of L bytes, so segment 0 is the
 * planted one and segment gap + 1 its return.
 * → { text, labels: [first words of each segment], planted: 0, repeat: gap + 1 }
 */
export function plantedText(gap, L = 128) {
  const parts = [PLANTED];
  for (let i = 0; i < gap; i++) parts.push(FILLERS[i % FILLERS.length]);
  parts.push(PLANTED);
  return {
    text: parts.map((p) => fit(p, L)).join(''),
    labels: parts.map((p) => p.split(' ').slice(0, 3).join(' ')),
    planted: 0,
    repeat: gap + 1,
  };
}

/**
 * stream-race: about `tokens` bytes — the planted passage alone in segment 0,
 * fillers (each padded to 128 bytes) up to the last segment, the planted
 * passage alone in the last segment. The length is a multiple of L.
 * → { text, segments, planted: 0, repeat: segments − 1 }
 */
export function raceText(tokens, L) {
  const segments = Math.max(2, Math.round(tokens / L));
  const middle = (segments - 2) * L;
  let filler = '';
  for (let i = 0; filler.length < middle; i++) filler += fit(FILLERS[i % FILLERS.length], 128);
  const text = fit(PLANTED, L) + filler.slice(0, middle) + fit(PLANTED, L);
  return { text, segments, planted: 0, repeat: segments - 1 };
}

/** Words the bag-of-words encoder keeps (letters/digits, ≥ minLength, case-folded). */
export function contentWords(text, minLength = 4) {
  return new Set((text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => w.length >= minLength));
}
