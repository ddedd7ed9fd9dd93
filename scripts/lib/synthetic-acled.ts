/**
 * A year of synthetic incidents in the layout of an ACLED export (ACLED's own 31 columns),
 * for timing the import of the files investigators bring: `rows` rows over Iran and its
 * neighbours, five actors, six named sources, notes of about 170 characters, plain ASCII
 * as ACLED's English exports mostly are. Deterministic: every run gets the same file.
 */
const HEADER =
  'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp';
const TYPES = [
  ['Political violence', 'Battles', 'Armed clash'],
  ['Political violence', 'Explosions/Remote violence', 'Air/drone strike'],
  ['Demonstrations', 'Protests', 'Peaceful protest'],
];
const ACTORS = ['Military Forces of Iran (1989-)', 'Jaish al-Adl', 'Protesters (Iran)', 'Islamic State (Khorasan)', 'Unidentified Armed Group (Iran)'];
const SOURCES = ['Reuters', 'IRNA', 'Tasnim News Agency', 'HalVash', 'Kurdistan Human Rights Network', 'BBC News'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function syntheticAcledCsv(rows: number): string {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const [disorder, event, sub] = TYPES[i % 3];
    const date = `${String(1 + Math.floor(rand() * 28)).padStart(2, '0')} ${MONTHS[Math.floor(rand() * 12)]} 2023`;
    const [a1, a2] = [ACTORS[Math.floor(rand() * 5)], ACTORS[Math.floor(rand() * 5)]];
    const [lat, lon] = [(26 + rand() * 12).toFixed(4), (45 + rand() * 16).toFixed(4)];
    const notes = `On ${date}, ${a1} clashed with ${a2} near place ${i % 997}. ${Math.floor(rand() * 5)} people were reported killed; the report could not be verified independently.`;
    const cells = [`IRN${i + 1}`, date, '2023', '1', disorder, event, sub, a1, '', '1', a2, '', '2', '12', '', '364', 'Middle East', 'Iran', `Province ${i % 31}`, `District ${i % 301}`, '', `Place ${i % 997}`, lat, lon, String(1 + (i % 3)), `"${SOURCES[i % 6]}; ${SOURCES[(i + 2) % 6]}"`, 'National', `"${notes}"`, String(Math.floor(rand() * 5)), '', '1704758400'];
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
