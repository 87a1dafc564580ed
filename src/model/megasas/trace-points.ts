// QEMU's megasas_* trace points (hw/scsi/trace-events, 7.2) as the HBA model reads them.
//
// A trace log shows register accesses but no guest memory: when the driver posts a frame the
// model cannot read it (frame.ts finds nothing), so what the frame was and what QEMU did with
// it come from the points QEMU's handlers traced, in the order they ran:
//
//   queue-port write → megasas_qf_new (QEMU's command index, the frame's address)
//     → megasas_qf_enqueue (the context QEMU read) → what the handler did: megasas_init_firmware
//     and megasas_init_queue (INIT: the reply queue, OPERATIONAL), megasas_handle_dcmd and
//     megasas_dcmd_enter (a DCMD and its buffer length), megasas_handle_io (LD READ/WRITE),
//     megasas_handle_scsi (LD/PD pass-through; megasas_scsi_target_not_present when the
//     target is missing), megasas_abort_frame, megasas_unhandled_frame_cmd, …
//     → for frames answered at once, megasas_qf_complete (context into the reply queue at
//     head) then megasas_qf_update (the new producer, interrupts enabled) or
//     megasas_qf_complete_noirq (interrupts masked).
//   SCSI I/O completes later on QEMU's main loop: megasas_command_complete (the command
//   index, the SCSI status) → megasas_qf_complete / _update / _noirq as above.
//
// So the model binds QEMU's command index to the request the queue-port write created (or,
// for a frame whose write the capture did not show, creates one), fills in what the frame
// was as the points tell it, and completes it when QEMU completes it, with the status QEMU
// writes: DEVICE_NOT_FOUND for a missing target, SCSI_DONE_WITH_ERROR for a failed SCSI
// status or a scatter-gather list QEMU cannot map, OK otherwise. Points without a command
// index (megasas_init_firmware, megasas_handle_scsi, …) belong to the frame QEMU is handling
// (the last megasas_qf_new). Effects on the firmware follow QEMU: INIT makes it OPERATIONAL
// with the traced queue (its producer and consumer addresses stay unknown), CTRL_SHUTDOWN
// READY, CTRL_EVENT_WAIT is kept until a reset, megasas_reset is megasas_soft_reset.
// megasas_msix_raise / _msi_raise / _irq_raise say which way QEMU interrupted (the MSI-X
// enable bit may have been set before the capture began). Points that only restate a
// register access (megasas_mmio_readl/writel) teach nothing new.
import type { GuestMemory } from "../guest-memory.js";
import { hex, type Reporter } from "../machine/report.js";
import type { Megasas, MfiRequest } from "./megasas.js";
import { cmdName, Dcmd, dcmdName, EVT_DETAIL_SIZE, MfiCmd, ScsiStatus, Stat } from "./mfi.js";

/** One argument of an observation, as the event carries it. */
export interface TraceArg {
  name?: string | null;
  uint?: number | null;
  int?: number | null;
  str?: string | null;
}

/** A numeric argument by name (signed or unsigned), or undefined. */
function num(args: readonly TraceArg[], name: string): number | undefined {
  const a = args.find((x) => x.name === name);
  const v = a?.int ?? a?.uint;
  return typeof v === "number" ? v : undefined;
}

function str(args: readonly TraceArg[], name: string): string | undefined {
  const s = args.find((x) => x.name === name)?.str;
  return typeof s === "string" ? s : undefined;
}

/** mfi_frame_desc's names, as megasas_handle_io and megasas_handle_scsi trace them. */
const FRAME_DESC: Record<string, number> = {
  "MFI init": MfiCmd.INIT,
  "LD Read": MfiCmd.LD_READ,
  "LD Write": MfiCmd.LD_WRITE,
  "LD SCSI": MfiCmd.LD_SCSI_IO,
  "PD SCSI": MfiCmd.PD_SCSI_IO,
  "MFI Abort": MfiCmd.ABORT,
};

/** Folds one megasas_* observation of `hba` into its state. */
export function observeTracePoint(hba: Megasas, r: Reporter, memory: GuestMemory, name: string, args: readonly TraceArg[]): void {
  const byIndex = (key: string) => {
    const i = num(args, key);
    return i === undefined ? undefined : hba.requestByIndex(i);
  };
  const current = () => hba.handlingRequest();
  switch (name) {
    case "megasas_init": {
      const mode = str(args, "mode");
      if (mode !== undefined) hba.jbod = mode === "jbod";
      return;
    }
    case "megasas_reset":
      hba.softReset(memory);
      return;
    case "megasas_qf_new": {
      const index = num(args, "index");
      const frame = num(args, "frame");
      if (index !== undefined && frame !== undefined) hba.bindFrame(r, memory, index, frame);
      return;
    }
    case "megasas_qf_enqueue": {
      const q = byIndex("index");
      const context = num(args, "context");
      if (q !== undefined && context !== undefined) {
        if (q.d.context === undefined) q.d.context = context;
        else if (q.d.context !== context) r.diverge(hba.id, `context QEMU read from frame ${hex(q.frame)}`, hex(context), hex(q.d.context));
      }
      hba.noteQueuePosition(num(args, "head"), num(args, "tail"));
      return;
    }
    case "megasas_init_firmware": {
      const q = current();
      const pa = num(args, "pa");
      if (q !== undefined)
        hba.relabel(q, (d) => {
          d.cmd = MfiCmd.INIT;
          d.effect = "init";
          if (pa !== undefined) d.qinfo = pa;
          d.summary = `INIT, queue information at ${pa === undefined ? "?" : hex(pa)}`;
        });
      return;
    }
    case "megasas_init_queue": {
      const base = num(args, "queue_pa");
      const len = num(args, "queue_len");
      if (base === undefined || len === undefined) return;
      hba.tracedInit(r, base, len, num(args, "head"), num(args, "tail"), num(args, "flags") ?? 0);
      setStatus(current(), Stat.OK);
      return;
    }
    case "megasas_initq_mapped":
      setStatus(current(), Stat.OK);
      return;
    case "megasas_initq_map_failed":
      setStatus(current(), Stat.MEMORY_NOT_AVAILABLE);
      return;
    case "megasas_initq_mismatch": {
      const q = current();
      setStatus(q, Stat.INVALID_PARAMETER);
      r.guestError(
        hba.id,
        q?.frame ?? null,
        num(args, "queue_len") ?? null,
        `INIT asks for a reply queue of ${num(args, "queue_len") ?? "?"} entries, more than the ${num(args, "fw_cmds") ?? "?"} commands the firmware announces; QEMU answers INVALID_PARAMETER`,
      );
      return;
    }
    case "megasas_handle_dcmd": {
      const q = byIndex("cmd");
      const op = num(args, "opcode");
      if (q === undefined || op === undefined) return;
      const opcode = op >>> 0;
      hba.relabel(q, (d) => {
        d.cmd = MfiCmd.DCMD;
        d.opcode = opcode;
        d.summary = `DCMD ${dcmdName(opcode) ?? `unknown opcode ${hex(opcode)}`}${dcmdName(opcode) === undefined ? "" : ` (${hex(opcode)})`}`;
      });
      return;
    }
    case "megasas_dcmd_invalid_sge": {
      const q = byIndex("cmd");
      if (q === undefined) return;
      setStatus(q, Stat.MEMORY_NOT_AVAILABLE);
      r.guestError(
        hba.id,
        q.frame,
        null,
        `${q.d.summary} with ${num(args, "count") ?? "?"} scatter-gather entries; QEMU takes one and answers MEMORY_NOT_AVAILABLE`,
      );
      return;
    }
    case "megasas_dcmd_enter":
    case "megasas_dcmd_unhandled": {
      // The handler runs: what it does to the firmware, and (unless it keeps the frame) an OK.
      const q = byIndex("cmd");
      const len = num(args, "len") ?? 0;
      if (q === undefined || q.d.opcode === undefined) return;
      if (len > 0) q.d.summary = `${q.d.summary}, ${len}-byte buffer`;
      if (name === "megasas_dcmd_unhandled")
        r.guestError(
          hba.id,
          q.frame,
          q.d.opcode,
          `DCMD opcode ${hex(q.d.opcode)} is not one QEMU implements; it answers OK and does nothing`,
        );
      switch (q.d.opcode) {
        case Dcmd.CTRL_SHUTDOWN:
          q.d.effect = "shutdown";
          hba.shutdownByTrace();
          break;
        case Dcmd.CTRL_EVENT_WAIT:
          // megasas_event_wait keeps the frame as the event command: it completes only with an event QEMU never raises.
          if (len >= EVT_DETAIL_SIZE) hba.keepForever(q);
          break;
        case Dcmd.PD_GET_INFO:
        case Dcmd.LD_GET_INFO:
          // An internal INQUIRY first; megasas_dcmd_internal_finish and the completion follow.
          break;
        default:
          setStatus(q, Stat.OK);
      }
      return;
    }
    case "megasas_dcmd_invalid_xfer_len":
      setStatus(byIndex("cmd"), Stat.INVALID_PARAMETER);
      return;
    case "megasas_dcmd_internal_finish":
      setStatus(byIndex("cmd"), Stat.OK);
      return;
    case "megasas_handle_io": {
      const q = byIndex("cmd");
      const cmd = FRAME_DESC[str(args, "frame") ?? ""];
      if (q === undefined || cmd === undefined) return;
      const target = num(args, "dev") ?? 0;
      const lun = num(args, "lun") ?? 0;
      hba.relabel(q, (d) => {
        d.cmd = cmd;
        d.target = target;
        d.lun = lun;
        d.summary = `${cmdName(cmd)} target ${target} lba ${num(args, "lba") ?? "?"}+${num(args, "count") ?? "?"}`;
      });
      return;
    }
    case "megasas_io_target_not_present":
      setStatus(byIndex("cmd"), Stat.DEVICE_NOT_FOUND);
      return;
    case "megasas_handle_scsi":
    case "megasas_scsi_target_not_present": {
      // A pass-through frame (an LD target beyond MFI_MAX_LD, or a LUN other than 0, is refused before megasas_handle_scsi).
      const q = current();
      const cmd = FRAME_DESC[str(args, "frame") ?? ""];
      if (q === undefined || cmd === undefined) return;
      const target = num(args, "dev") ?? 0;
      const lun = num(args, "lun") ?? 0;
      const size = num(args, "size");
      if (name === "megasas_handle_scsi" || q.d.cmd === undefined)
        hba.relabel(q, (d) => {
          d.cmd = cmd;
          d.target = target;
          d.lun = lun;
          d.summary = `${cmdName(cmd)} ${target}:${lun}${size === undefined ? "" : size > 0 ? `, ${size} bytes` : ", no data"}`;
        });
      if (name === "megasas_scsi_target_not_present") setStatus(q, Stat.DEVICE_NOT_FOUND);
      return;
    }
    case "megasas_scsi_invalid_cdb_len":
    case "megasas_iovec_sgl_overflow":
    case "megasas_iovec_sgl_underflow":
    case "megasas_iovec_sgl_invalid":
    case "megasas_iovec_overflow": {
      // megasas_map_sgl (or the CDB check) failed: CHECK CONDITION, TARGET FAILURE sense, SCSI_DONE_WITH_ERROR.
      // (An LD READ/WRITE whose list fails ends the same way.)
      const q = name === "megasas_scsi_invalid_cdb_len" ? current() : byIndex("cmd");
      if (q === undefined) return;
      setStatus(q, Stat.SCSI_DONE_WITH_ERROR, ScsiStatus.CHECK_CONDITION);
      if (name === "megasas_scsi_invalid_cdb_len")
        r.guestError(hba.id, q.frame, null, `${q.d.summary}: a CDB of ${num(args, "len") ?? "?"} bytes; QEMU takes at most 16`);
      return;
    }
    case "megasas_command_complete": {
      // The SCSI request ended: for a frame (not a DCMD's internal command) QEMU writes its SCSI status.
      const q = byIndex("cmd");
      const status = num(args, "status");
      if (q === undefined || status === undefined || q.d.cmd === MfiCmd.DCMD) return;
      setStatus(q, status === ScsiStatus.GOOD ? Stat.OK : Stat.SCSI_DONE_WITH_ERROR, status);
      return;
    }
    case "megasas_abort_frame":
    case "megasas_abort_no_cmd":
    case "megasas_abort_invalid_context": {
      const q = byIndex("cmd");
      if (q === undefined) return;
      hba.relabel(q, (d) => {
        d.cmd = MfiCmd.ABORT;
        d.effect = "abort";
        d.summary = name === "megasas_abort_no_cmd" ? "ABORT of no frame QEMU holds" : "ABORT";
      });
      if (name === "megasas_abort_frame") {
        const target = byIndex("abort_cmd");
        if (target !== undefined) {
          target.aborted = true;
          q.d.summary = `ABORT frame ${hex(target.frame)} (${target.d.summary})`;
        }
      }
      setStatus(q, name === "megasas_abort_invalid_context" ? Stat.ABORT_NOT_POSSIBLE : Stat.OK);
      return;
    }
    case "megasas_unhandled_frame_cmd": {
      const q = byIndex("cmd");
      const cmd = num(args, "frame_cmd");
      if (q === undefined || cmd === undefined) return;
      hba.relabel(q, (d) => {
        d.cmd = cmd;
        d.summary = cmdName(cmd);
      });
      setStatus(q, Stat.INVALID_CMD);
      r.guestError(hba.id, q.frame, cmd, `frame command ${hex(cmd)} (${cmdName(cmd)}) is not one QEMU handles; it answers INVALID_CMD`);
      return;
    }
    case "megasas_frame_busy": {
      // Every command slot is taken: QEMU answers BUSY at once.
      const frame = num(args, "addr");
      const q = frame === undefined ? undefined : hba.frameRequest(frame);
      if (q !== undefined) {
        hba.handleUnbound(q);
        setStatus(q, Stat.SCSI_DONE_WITH_ERROR, ScsiStatus.BUSY);
      }
      return;
    }
    case "megasas_qf_complete":
    case "megasas_qf_complete_noirq": {
      const context = num(args, "context");
      if (context !== undefined) hba.completeByTrace(r, memory, context, name === "megasas_qf_complete_noirq", num(args, "head"));
      return;
    }
    case "megasas_msix_raise":
      hba.interruptPath(r, "msix");
      return;
    case "megasas_msi_raise":
      hba.interruptPath(r, "msi");
      return;
    case "megasas_irq_raise":
      hba.interruptPath(r, "intx");
      return;
    case "megasas_qf_update": {
      const head = num(args, "head");
      if (head !== undefined) hba.noteProducer(head, num(args, "tail"));
      return;
    }
    default:
      return;
  }
}

/** The status QEMU will write into the frame (and its SCSI status), once a point tells it. */
function setStatus(q: MfiRequest | undefined, status: number, scsiStatus?: number): void {
  if (q === undefined || q.phase === "completed") return;
  q.status = status;
  if (scsiStatus !== undefined) q.scsiStatus = scsiStatus;
}
