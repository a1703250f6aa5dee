"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useOptimistic, useRef, useState, useTransition, type DragEvent } from "react";
import { moveRepairOrderAction } from "@/actions/repair-orders";

export interface BoardCard {
  id: string;
  number: number;
  href: string;
  vehicle: string;
  customer: string;
  /** already formatted in the workshop's time zone */
  promised: string | null;
  overdue: boolean;
  technician: string | null;
}

export interface BoardColumn {
  status: string;
  label: string;
  cards: BoardCard[];
}

interface Dragging {
  id: string;
  from: string;
}

function withMove(columns: BoardColumn[], move: { id: string; to: string }): BoardColumn[] {
  const card = columns.flatMap((column) => column.cards).find((c) => c.id === move.id);
  if (!card) return columns;
  return columns.map((column) => {
    const others = column.cards.filter((c) => c.id !== move.id);
    return { ...column, cards: column.status === move.to ? [...others, card] : others };
  });
}

/**
 * The job board: drag a card to another column, or use its "Move to" control
 * (keyboard, phones). `moves` lists, per status, the columns this member may
 * move a card to; every other column refuses the drop. The server decides.
 */
export function JobBoard({ orgSlug, columns, moves }: { orgSlug: string; columns: BoardColumn[]; moves: Record<string, string[]> }) {
  const router = useRouter();
  const [board, applyMove] = useOptimistic(columns, withMove);
  const [, startTransition] = useTransition();
  const [dragging, setDragging] = useState<Dragging | null>(null);
  // dragover fires before React re-renders after dragstart: read the card being dragged from a ref.
  const draggingRef = useRef<Dragging | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [announcement, setAnnouncement] = useState("");
  const labels = new Map(columns.map((column) => [column.status, column.label]));
  const allowed = (from: string, to: string) => from !== to && (moves[from] ?? []).includes(to);

  function move(card: BoardCard, from: string, to: string) {
    if (!allowed(from, to)) return;
    setErrors(({ [card.id]: _previous, ...rest }) => rest);
    startTransition(async () => {
      applyMove({ id: card.id, to });
      const data = new FormData();
      data.set("orgSlug", orgSlug);
      data.set("repairOrderId", card.id);
      data.set("to", to);
      let message = "The move did not go through. Check your connection and try again.";
      try {
        const result = await moveRepairOrderAction({}, data);
        if (result.ok) {
          setAnnouncement(`#${card.number} moved to ${labels.get(to) ?? to}.`);
          return;
        }
        message = result.message ?? message;
      } catch {
        // fall through to the generic message
      }
      setErrors((current) => ({ ...current, [card.id]: message }));
      setAnnouncement(`#${card.number} was not moved: ${message}`);
      // Someone may have moved it meanwhile: show the board as it is now.
      router.refresh();
    });
  }

  function startDrag(event: DragEvent, card: BoardCard, from: string) {
    event.dataTransfer.setData("text/plain", card.id);
    event.dataTransfer.effectAllowed = "move";
    draggingRef.current = { id: card.id, from };
    setDragging({ id: card.id, from });
  }

  function endDrag() {
    draggingRef.current = null;
    setDragging(null);
  }

  function overColumn(event: DragEvent, to: string) {
    const current = draggingRef.current;
    // Not calling preventDefault is what makes a column refuse the drop.
    if (!current || !allowed(current.from, to)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
  }

  function dropOnColumn(event: DragEvent, to: string) {
    const current = draggingRef.current;
    endDrag();
    if (!current || !allowed(current.from, to)) return;
    event.preventDefault();
    const card = board.flatMap((column) => column.cards).find((c) => c.id === current.id);
    if (card) move(card, current.from, to);
  }

  const cardsMissing = Object.entries(errors).filter(([id]) => !board.some((column) => column.cards.some((c) => c.id === id)));

  return (
    <>
      <p role="status" aria-live="polite" className="sr-only">{announcement}</p>
      {cardsMissing.map(([id, message]) => (
        <p key={id} role="alert" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">{message}</p>
      ))}
      <div className="grid gap-4 md:grid-cols-3 xl:grid-cols-6">
        {board.map((column) => {
          const drop = !dragging || dragging.from === column.status ? "none" : allowed(dragging.from, column.status) ? "allowed" : "refused";
          return (
            <section
              key={column.status}
              aria-labelledby={`col-${column.status}`}
              data-status={column.status}
              data-drop={drop}
              onDragOver={(event) => overColumn(event, column.status)}
              onDrop={(event) => dropOnColumn(event, column.status)}
              className={`rounded-lg p-3 transition-colors ${
                drop === "allowed" ? "bg-blue-50 outline-2 outline-dashed outline-blue-600" : drop === "refused" ? "cursor-not-allowed bg-slate-200 opacity-50" : "bg-slate-100"
              }`}
            >
              <h2 id={`col-${column.status}`} className="mb-2 text-sm font-semibold text-slate-800">
                {column.label} ({column.cards.length})
              </h2>
              {drop === "allowed" ? <p className="mb-2 text-xs font-medium text-blue-800">Drop here</p> : null}
              {drop === "refused" ? <p className="mb-2 text-xs font-medium text-slate-700">Can&apos;t move here</p> : null}
              <ul className="flex flex-col gap-2">
                {column.cards.map((card) => (
                  <li
                    key={card.id}
                    draggable
                    data-testid={`ro-card-${card.number}`}
                    onDragStart={(event) => startDrag(event, card, column.status)}
                    onDragEnd={endDrag}
                    className={`cursor-grab rounded-md border bg-white p-2 text-sm shadow-sm active:cursor-grabbing ${
                      dragging?.id === card.id ? "border-blue-600 opacity-60" : errors[card.id] ? "border-red-400" : "border-slate-200"
                    }`}
                  >
                    <Link draggable={false} className="font-medium text-blue-700 underline-offset-2 hover:underline" href={card.href}>
                      #{card.number} {card.vehicle}
                    </Link>
                    <p className="text-slate-600">{card.customer}</p>
                    {card.promised ? (
                      <p className={card.overdue ? "font-medium text-red-700" : "text-slate-600"}>
                        {card.overdue ? "Overdue: promised " : "Promised "}{card.promised}
                      </p>
                    ) : null}
                    <p className="text-slate-600">{card.technician ? `Technician: ${card.technician}` : "Unassigned"}</p>
                    {errors[card.id] ? <p role="alert" className="mt-1 text-sm font-medium [overflow-wrap:anywhere] text-red-700">{errors[card.id]}</p> : null}
                    <MoveControl card={card} from={column.status} targets={(moves[column.status] ?? []).map((to) => ({ to, label: labels.get(to) ?? to }))} onMove={move} />
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </>
  );
}

function MoveControl({
  card, from, targets, onMove,
}: { card: BoardCard; from: string; targets: Array<{ to: string; label: string }>; onMove: (card: BoardCard, from: string, to: string) => void }) {
  const [to, setTo] = useState(targets[0]?.to ?? "");
  if (targets.length === 0) return null;
  const id = `move-${card.id}`;
  return (
    <form
      className="mt-2 flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        onMove(card, from, to);
      }}
    >
      <label htmlFor={id} className="sr-only">{`Move #${card.number} to`}</label>
      <select id={id} value={to} onChange={(event) => setTo(event.target.value)} className="min-w-[7.5rem] flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
        {targets.map((target) => <option key={target.to} value={target.to}>{target.label}</option>)}
      </select>
      <button type="submit" aria-label={`Move #${card.number}`} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-500">
        Move
      </button>
    </form>
  );
}
