"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useOptimistic, useRef, useState, useTransition, type KeyboardEvent, type PointerEvent } from "react";
import { moveAppointmentAction } from "@/actions/appointments";
import type { CalendarGrid, GridCard, GridColumn } from "@/lib/appointments/calendar-grid";
import { BookingDialog, type BookingDraft, type Choice } from "./booking-dialog";
import { dragStart, lanes, rowPosition, stepEnd, stepStart, STEP_MS, translate, type Placement } from "./calendar-placement";

const ROW_PX = 24;
/** Keyboard nudges are sent together once the keys rest this long. */
const SETTLE_MS = 700;

const STATUS_STYLE: Record<GridCard["status"], string> = {
  REQUESTED: "border-dashed border-amber-600 bg-amber-50",
  CONFIRMED: "border-blue-700 bg-blue-50",
  ARRIVED: "border-green-700 bg-green-50",
  CONVERTED: "border-slate-400 bg-slate-100",
  NO_SHOW: "border-slate-400 bg-white",
  CANCELLED: "border-slate-400 bg-white",
};

interface Drag {
  card: GridCard;
  mode: "move" | "resize";
  pointerId: number;
  x: number;
  y: number;
  origin: Placement;
  next: Placement;
  moved: boolean;
}

interface Selection {
  column: string;
  from: number;
  to: number;
  pointerId: number;
  touch: boolean;
  x: number;
  y: number;
}

export interface CalendarBoardProps {
  orgSlug: string;
  locationId: string;
  timeZone: string;
  grid: CalendarGrid;
  canCreate: boolean;
  bays: Choice[];
  technicians: Choice[];
  defaultMinutes: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The appointment calendar. Create by clicking or dragging over empty time;
 * move a card by dragging it (to another time, bay, technician or day) or with
 * the arrow keys; resize by its bottom edge or Shift+arrows. Everything snaps
 * to 15 minutes and the server decides: a refused change snaps back and the
 * card says why.
 */
export function CalendarBoard({ orgSlug, locationId, timeZone, grid, canCreate, bays, technicians, defaultMinutes }: CalendarBoardProps) {
  const router = useRouter();
  const [cards, applyPlacement] = useOptimistic(grid.cards, (current: GridCard[], move: Placement & { id: string }) =>
    current.map((card) => (card.id === move.id ? { ...card, column: move.column, startMs: move.startMs, endMs: move.endMs } : card)),
  );
  const [, startTransition] = useTransition();
  const [drafts, setDrafts] = useState<Record<string, Placement>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [announcement, setAnnouncement] = useState("");
  const [booking, setBooking] = useState<BookingDraft | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const timers = useRef(new Map<string, number>());
  const drag = useRef<Drag | null>(null);
  const columnEls = useRef(new Map<string, HTMLDivElement>());
  const columns = grid.columns;
  const columnOf = (key: string) => columns.find((column) => column.key === key);
  const rowCount = grid.rowLabels.length;
  const clock = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const timeText = (p: Placement) => `${clock.format(p.startMs)}–${clock.format(p.endMs)}`;

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => window.clearTimeout(timer));
  }, []);

  const placementOf = (card: GridCard): Placement => drafts[card.id] ?? { column: card.column, startMs: card.startMs, endMs: card.endMs };

  const forget = (id: string) => {
    window.clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setDrafts(({ [id]: _dropped, ...rest }) => rest);
  };

  function commit(card: GridCard, next: Placement) {
    forget(card.id);
    // Compared with what the server last drew, not with an optimistic copy.
    const saved = grid.cards.find((c) => c.id === card.id) ?? card;
    if (saved.column === next.column && saved.startMs === next.startMs && saved.endMs === next.endMs) return;
    const data = new FormData();
    data.set("orgSlug", orgSlug);
    data.set("appointmentId", card.id);
    if (next.startMs !== saved.startMs) data.set("startsAt", iso(next.startMs));
    if (next.startMs !== saved.startMs || next.endMs !== saved.endMs) data.set("endsAt", iso(next.endMs));
    if (next.column !== saved.column) {
      for (const [field, value] of Object.entries(columnOf(next.column)?.assign ?? {})) data.set(field, value ?? "");
    }
    setErrors(({ [card.id]: _previous, ...rest }) => rest);
    startTransition(async () => {
      applyPlacement({ id: card.id, ...next });
      let message = "The change did not go through. Check your connection and try again.";
      try {
        const result = await moveAppointmentAction({}, data);
        if (result.ok) {
          setAnnouncement(`${card.customer}: now ${timeText(next)}, ${columnOf(next.column)?.label ?? ""}.`);
          return;
        }
        const fields = Object.values(result.fieldErrors ?? {});
        message = fields.length > 0 ? [...new Set(fields)].join(" ") : (result.message ?? message);
      } catch {
        // the generic message
      }
      setErrors((current) => ({ ...current, [card.id]: message }));
      setAnnouncement(`${card.customer} was not moved: ${message}`);
      // Someone may have changed it meanwhile: draw the calendar as it is now.
      router.refresh();
    });
  }

  /** A keyboard nudge: shown at once, sent when the keys rest (or the card loses focus). */
  function nudge(card: GridCard, next: Placement) {
    setDrafts((current) => ({ ...current, [card.id]: next }));
    setAnnouncement(`${card.customer}: ${timeText(next)}, ${columnOf(next.column)?.label ?? ""}`);
    window.clearTimeout(timers.current.get(card.id));
    timers.current.set(card.id, window.setTimeout(() => commit(card, next), SETTLE_MS));
  }

  const open = useCallback((card: GridCard) => router.push(`/${orgSlug}/appointments/${card.id}`), [router, orgSlug]);
  const closeBooking = useCallback(() => setBooking(null), []);
  const booked = useCallback((message: string) => {
    setBooking(null);
    setAnnouncement(message);
  }, []);

  function onCardKey(event: KeyboardEvent, card: GridCard) {
    const current = placementOf(card);
    if (event.key === "Enter") {
      event.preventDefault();
      if (drafts[card.id]) commit(card, current);
      open(card);
      return;
    }
    if (event.key === "Escape" && drafts[card.id]) {
      forget(card.id);
      return;
    }
    if (!card.editable || !event.key.startsWith("Arrow")) return;
    event.preventDefault();
    const column = columnOf(current.column);
    if (!column) return;
    const length = current.endMs - current.startMs;
    if (event.shiftKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      nudge(card, { ...current, endMs: stepEnd(current, event.key === "ArrowDown" ? 1 : -1) });
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const startMs = stepStart(column, current.startMs, event.key === "ArrowDown" ? 1 : -1);
      nudge(card, { ...current, startMs, endMs: startMs + length });
    } else {
      const reachable = columns.filter((c) => c.accepts || c.key === current.column);
      const target = reachable[reachable.findIndex((c) => c.key === current.column) + (event.key === "ArrowRight" ? 1 : -1)];
      if (!target) return;
      const startMs = translate(current.startMs, column, target);
      nudge(card, { column: target.key, startMs, endMs: startMs + length });
    }
  }

  function columnAt(clientX: number): GridColumn | undefined {
    return columns.find((column) => {
      const box = columnEls.current.get(column.key)?.getBoundingClientRect();
      return box !== undefined && clientX >= box.left && clientX < box.right && column.accepts;
    });
  }

  function onCardPointerDown(event: PointerEvent<HTMLElement>, card: GridCard, mode: Drag["mode"]) {
    if (event.button !== 0) return;
    event.stopPropagation();
    // A finger on a card scrolls the calendar; it opens the card on release (touch moves go through "Move to…").
    const origin = placementOf(card);
    if (event.pointerType === "touch" || !card.editable) {
      drag.current = { card, mode, pointerId: event.pointerId, x: event.clientX, y: event.clientY, origin, next: origin, moved: false };
      return;
    }
    event.preventDefault();
    (event.currentTarget.closest("[data-card]") as HTMLElement | null)?.focus();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { card, mode, pointerId: event.pointerId, x: event.clientX, y: event.clientY, origin, next: origin, moved: false };
  }

  function onCardPointerMove(event: PointerEvent<HTMLElement>) {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId || event.pointerType === "touch" || !current.card.editable) return;
    const dx = event.clientX - current.x;
    const dy = event.clientY - current.y;
    if (!current.moved && Math.abs(dx) < 4 && Math.abs(dy) < 4) return;
    current.moved = true;
    const rows = Math.round(dy / ROW_PX);
    const { origin } = current;
    let next: Placement;
    if (current.mode === "resize") {
      next = { ...origin, endMs: stepEnd(origin, rows) };
    } else {
      const from = columnOf(origin.column)!;
      const to = columnAt(event.clientX) ?? from;
      const startMs = translate(dragStart(from, origin.startMs, rows), from, to);
      next = { column: to.key, startMs, endMs: startMs + (origin.endMs - origin.startMs) };
    }
    current.next = next;
    setDrafts((drafts) => ({ ...drafts, [current.card.id]: next }));
  }

  function onCardPointerUp(event: PointerEvent<HTMLElement>) {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    drag.current = null;
    const travelled = Math.abs(event.clientX - current.x) + Math.abs(event.clientY - current.y);
    if (!current.moved) {
      if (travelled < 8 && current.mode === "move") open(current.card);
      return;
    }
    commit(current.card, current.next);
  }

  const rowAt = (event: PointerEvent<HTMLDivElement>) =>
    Math.max(0, Math.min(rowCount - 1, Math.floor((event.clientY - event.currentTarget.getBoundingClientRect().top) / ROW_PX)));

  function onSlotPointerDown(event: PointerEvent<HTMLDivElement>, column: GridColumn) {
    if (!canCreate || !column.accepts || event.button !== 0 || event.target !== event.currentTarget) return;
    const row = rowAt(event);
    if (column.rows[row] === null) return;
    const touch = event.pointerType === "touch";
    if (!touch) event.currentTarget.setPointerCapture(event.pointerId);
    setSelection({ column: column.key, from: row, to: row, pointerId: event.pointerId, touch, x: event.clientX, y: event.clientY });
  }

  function onSlotPointerMove(event: PointerEvent<HTMLDivElement>) {
    if (!selection || selection.pointerId !== event.pointerId || selection.touch) return;
    const row = rowAt(event);
    if (row !== selection.to) setSelection({ ...selection, to: row });
  }

  function onSlotPointerUp(event: PointerEvent<HTMLDivElement>) {
    if (!selection || selection.pointerId !== event.pointerId) return;
    setSelection(null);
    // A finger that moved was scrolling, not choosing a time.
    if (selection.touch && Math.abs(event.clientX - selection.x) + Math.abs(event.clientY - selection.y) > 8) return;
    const column = columnOf(selection.column);
    const [first, last] = [Math.min(selection.from, selection.to), Math.max(selection.from, selection.to)];
    const startMs = column?.rows[first];
    if (!column || startMs === null || startMs === undefined) return;
    const endMs = last > first ? (column.rows[last] ?? startMs) + STEP_MS : startMs + defaultMinutes * 60_000;
    setBooking({ startWall: column.walls[first]!, startIso: iso(startMs), durationMinutes: Math.round((endMs - startMs) / 60_000), ...column.assign });
  }

  const placed = cards.map((card) => ({ ...card, ...placementOf(card) }));
  const laneOf = lanes(placed);
  const firstOpen = columns.find((c) => c.accepts);

  return (
    <div className="flex flex-col gap-3">
      <p id="calendar-keys" className="sr-only">
        Arrow keys move the appointment by 15 minutes, or to the next column with left and right. Shift with up or down changes its length. Enter opens it.
      </p>
      <p role="status" aria-live="polite" className="sr-only">{announcement}</p>
      {canCreate && firstOpen ? (
        <div>
          <button
            type="button"
            onClick={() => setBooking({ startWall: firstOpen.walls[0] ?? "", startIso: null, durationMinutes: defaultMinutes, ...firstOpen.assign })}
            className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
          >
            New appointment
          </button>
          <span className="ml-3 text-sm text-slate-600">or click (or drag over) an empty time in a column.</span>
        </div>
      ) : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" data-testid="calendar">
        <div style={{ minWidth: `calc(4rem + ${columns.length} * 9.5rem)` }}>
          <div className="flex border-b border-slate-200">
            <div className="sticky left-0 z-20 w-16 shrink-0 bg-white" />
            <div className="grid flex-1" style={{ gridTemplateColumns: `repeat(${columns.length}, minmax(0, 1fr))` }}>
              {columns.map((column) => (
                <div key={column.key} className="border-l border-slate-200 px-2 py-2 text-sm font-semibold text-slate-800" data-column-header={column.label}>
                  {column.label}
                </div>
              ))}
            </div>
          </div>
          <div className="flex">
            <div className="sticky left-0 z-20 w-16 shrink-0 bg-white" aria-hidden>
              {grid.rowLabels.map((row, i) => (
                <div key={i} style={{ height: ROW_PX }} className={`pr-2 text-right text-xs leading-none ${row.hour ? "pt-0.5 text-slate-700" : "text-transparent"}`}>
                  {row.label}
                </div>
              ))}
            </div>
            <div className="relative flex-1" style={{ height: rowCount * ROW_PX }}>
              {grid.rowLabels.map((row, i) => (
                <div key={i} aria-hidden className={`pointer-events-none absolute inset-x-0 border-t ${row.hour ? "border-slate-300" : "border-slate-100"}`} style={{ top: i * ROW_PX }} />
              ))}
              <div className="absolute inset-0 grid" style={{ gridTemplateColumns: `repeat(${columns.length}, minmax(0, 1fr))` }}>
                {columns.map((column) => (
                  <div
                    key={column.key}
                    ref={(element) => {
                      if (element) columnEls.current.set(column.key, element);
                      else columnEls.current.delete(column.key);
                    }}
                    data-column={column.label}
                    onPointerDown={(event) => onSlotPointerDown(event, column)}
                    onPointerMove={onSlotPointerMove}
                    onPointerUp={onSlotPointerUp}
                    onPointerCancel={() => setSelection(null)}
                    className={`relative border-l border-slate-200 ${column.accepts ? (canCreate ? "cursor-cell" : "") : "bg-slate-100"}`}
                  >
                    {column.rows.map((row, i) =>
                      row === null ? <div key={i} aria-hidden className="pointer-events-none absolute inset-x-0 bg-slate-200" style={{ top: i * ROW_PX, height: ROW_PX }} /> : null,
                    )}
                    {selection?.column === column.key && !selection.touch ? (
                      <div
                        aria-hidden
                        className="pointer-events-none absolute inset-x-1 rounded bg-blue-200/70 outline-2 outline-blue-700"
                        style={{ top: Math.min(selection.from, selection.to) * ROW_PX, height: (Math.abs(selection.to - selection.from) + 1) * ROW_PX }}
                      />
                    ) : null}
                  </div>
                ))}
              </div>
              {placed.map((card) => {
                const index = columns.findIndex((c) => c.key === card.column);
                const column = columns[index];
                if (!column) return null;
                const top = rowPosition(column.rows, card.startMs) * ROW_PX;
                const bottom = Math.max(rowPosition(column.rows, card.endMs) * ROW_PX, top + ROW_PX * 0.9);
                const lane = laneOf.get(card.id) ?? { lane: 0, lanes: 1 };
                const width = 100 / columns.length / lane.lanes;
                const drafted = Boolean(drafts[card.id]);
                const error = errors[card.id];
                const vehicle = card.vehicle ? `, ${card.vehicle}` : "";
                return (
                  <div
                    key={card.id}
                    data-card
                    data-testid={`appointment-${card.id}`}
                    role="button"
                    tabIndex={0}
                    aria-label={`${timeText(card)}, ${card.customer}${vehicle}, ${column.label}, ${card.statusLabel}`}
                    aria-describedby={card.editable ? "calendar-keys" : undefined}
                    onKeyDown={(event) => onCardKey(event, card)}
                    onBlur={() => {
                      if (drafts[card.id]) commit(card, drafts[card.id]!);
                    }}
                    onPointerDown={(event) => onCardPointerDown(event, card, "move")}
                    onPointerMove={onCardPointerMove}
                    onPointerUp={onCardPointerUp}
                    onPointerCancel={() => {
                      drag.current = null;
                      forget(card.id);
                    }}
                    className={`absolute z-10 overflow-visible rounded-md border-2 px-1.5 py-0.5 text-xs text-slate-900 shadow-sm focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-slate-900 ${
                      STATUS_STYLE[card.status]
                    } ${card.editable ? "cursor-grab active:cursor-grabbing" : "cursor-pointer"} ${drafted ? "z-30 opacity-80 ring-2 ring-blue-700" : ""} ${error ? "border-red-600" : ""}`}
                    style={{ top, height: bottom - top, left: `calc(${(index / columns.length) * 100 + lane.lane * width}% + 2px)`, width: `calc(${width}% - 4px)` }}
                  >
                    <div className="h-full overflow-hidden">
                      <p className="truncate font-semibold">{timeText(card)} {card.customer}</p>
                      {card.vehicle ? <p className="truncate">{card.vehicle}</p> : null}
                      <p className="truncate text-slate-700">{card.statusLabel}{card.technician && column.assign.technicianUserId === undefined ? ` · ${card.technician}` : ""}{card.bay && column.assign.bayId === undefined ? ` · ${card.bay}` : ""}</p>
                    </div>
                    {card.editable ? (
                      <div
                        aria-hidden
                        data-resize
                        onPointerDown={(event) => onCardPointerDown(event, card, "resize")}
                        onPointerMove={onCardPointerMove}
                        onPointerUp={onCardPointerUp}
                        className="absolute inset-x-0 -bottom-1 h-2.5 cursor-ns-resize"
                      />
                    ) : null}
                    {error ? (
                      <p role="alert" className="absolute left-0 top-full z-40 mt-1 w-56 rounded-md border border-red-300 bg-red-50 p-2 text-xs font-medium text-red-900 shadow">
                        {error}
                      </p>
                    ) : null}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      </div>
      {booking ? (
        <BookingDialog
          orgSlug={orgSlug}
          locationId={locationId}
          draft={booking}
          bays={bays}
          technicians={technicians}
          onClose={closeBooking}
          onBooked={booked}
        />
      ) : null}
    </div>
  );
}
