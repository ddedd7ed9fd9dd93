// The unit tests share one module graph (`isolate: false`), so whether a test finds Turf's
// measures of lines and areas loaded would depend on which file ran first: they are loaded
// here for every file, as the page loads them for every atlas or file that has shapes.
import '../../src/lib/data/shape-kit';
