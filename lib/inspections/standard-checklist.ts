/** What a workshop's first checklist holds: a full vehicle check, tread and pads measured in mm. */
export const STANDARD_CHECKLIST_NAME = "Full vehicle check";

export interface ChecklistItem {
  section: string;
  label: string;
  measurementUnit?: string;
}

const tyre = (wheel: string): ChecklistItem => ({ section: "Tyres", label: `${wheel} tyre tread`, measurementUnit: "mm" });

export const STANDARD_CHECKLIST: readonly ChecklistItem[] = [
  tyre("Front left"), tyre("Front right"), tyre("Rear left"), tyre("Rear right"),
  { section: "Tyres", label: "Tyre condition and pressures" },
  { section: "Tyres", label: "Spare wheel or repair kit" },
  { section: "Brakes", label: "Front brake pads", measurementUnit: "mm" },
  { section: "Brakes", label: "Rear brake pads", measurementUnit: "mm" },
  { section: "Brakes", label: "Front brake discs" },
  { section: "Brakes", label: "Rear brake discs or drums" },
  { section: "Brakes", label: "Brake pipes and hoses" },
  { section: "Brakes", label: "Handbrake" },
  { section: "Lights", label: "Headlights (dipped and main beam)" },
  { section: "Lights", label: "Side, tail and number plate lights" },
  { section: "Lights", label: "Brake lights" },
  { section: "Lights", label: "Indicators and hazard lights" },
  { section: "Lights", label: "Fog and reversing lights" },
  { section: "Visibility", label: "Windscreen" },
  { section: "Visibility", label: "Wiper blades" },
  { section: "Visibility", label: "Washers" },
  { section: "Visibility", label: "Mirrors" },
  { section: "Visibility", label: "Horn" },
  { section: "Under the bonnet", label: "Engine oil level and condition" },
  { section: "Under the bonnet", label: "Coolant level and antifreeze" },
  { section: "Under the bonnet", label: "Brake fluid" },
  { section: "Under the bonnet", label: "Power steering fluid" },
  { section: "Under the bonnet", label: "Screen wash" },
  { section: "Under the bonnet", label: "Auxiliary drive belt" },
  { section: "Under the bonnet", label: "Battery (resting voltage)", measurementUnit: "V" },
  { section: "Under the bonnet", label: "Oil or coolant leaks" },
  { section: "Underneath", label: "Exhaust system and mountings" },
  { section: "Underneath", label: "Front suspension (springs, arms, bushes)" },
  { section: "Underneath", label: "Rear suspension" },
  { section: "Underneath", label: "Shock absorbers" },
  { section: "Underneath", label: "Steering joints and rack gaiters" },
  { section: "Underneath", label: "Drive shafts and CV boots" },
];
