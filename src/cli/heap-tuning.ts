// V8 settings for devtape's processes (the CLI and the benchmark), imported first by each
// entry point.
//
// Allocation-site pretenuring is off. V8 watches where array and object literals are made,
// and when a garbage collection finds most of one site's objects alive it allocates that
// site's next objects straight into the old generation. A snapshot restore makes a whole
// machine of such literals (page lists, feature words, ring shadows); when an incremental
// marking cycle runs during restores, everything made in it counts as alive, the sites are
// pretenured, and from then on each restored machine's old-generation arrays hold its young
// objects alive through every scavenge until the next full collection (nepotism): the
// process settles at 45–50 µs a virtio-blk snapshot encode + restore instead of 28–32
// (npm run bench, three runs each way) and stays there. Which processes fall into it is
// chance. Replay, which keeps what it makes, spends about 5% of its time collecting either
// way; its throughput moved within the run-to-run noise (bench mix −2 to −4%, virtio-blk ±1%).
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--no-allocation-site-pretenuring");
