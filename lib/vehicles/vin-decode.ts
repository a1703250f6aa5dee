// What a VIN tells without a lookup service: the maker from the world
// manufacturer identifier (first three characters, or two for some makers),
// and the model year from position 10, which repeats every 30 years; position
// 7 being a letter means the later cycle (2010+) for North American VINs.
import { isValidVin, normalizeVin } from "./vin";

const MAKERS: Record<string, string> = {
  WVW: "Volkswagen", WV1: "Volkswagen", WV2: "Volkswagen", "3VW": "Volkswagen", WAU: "Audi", WA1: "Audi", TRU: "Audi",
  WBA: "BMW", WBS: "BMW", WBY: "BMW", WMW: "MINI", WDB: "Mercedes-Benz", WDD: "Mercedes-Benz", WDC: "Mercedes-Benz", W1K: "Mercedes-Benz", W1N: "Mercedes-Benz",
  WF0: "Ford", "1FA": "Ford", "1FT": "Ford", "1FM": "Ford", "2FM": "Ford", "3FA": "Ford", WP0: "Porsche", WP1: "Porsche", W0L: "Vauxhall/Opel", W0V: "Vauxhall/Opel",
  VF1: "Renault", VF3: "Peugeot", VF7: "Citroën", VR3: "Peugeot", VSS: "SEAT", TMB: "Škoda", ZFA: "Fiat", ZAR: "Alfa Romeo", ZFF: "Ferrari",
  SAJ: "Jaguar", SAL: "Land Rover", SAR: "Rover", SCC: "Lotus", SCF: "Aston Martin", SHH: "Honda", SHS: "Honda", SJN: "Nissan", SB1: "Toyota",
  JHM: "Honda", "1HG": "Honda", "2HG": "Honda", JT: "Toyota", "4T1": "Toyota", "5YJ": "Tesla", "7SA": "Tesla", JN1: "Nissan", JM1: "Mazda", JMZ: "Mazda",
  JF1: "Subaru", JS: "Suzuki", KMH: "Hyundai", KNA: "Kia", KND: "Kia", U5Y: "Kia", YV1: "Volvo", YV4: "Volvo", "1G1": "Chevrolet", "1GC": "Chevrolet",
  "1C4": "Jeep", "1J4": "Jeep", "2T1": "Toyota", LRW: "Tesla", LSV: "SAIC", LVS: "Ford",
};

const YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789";

export interface DecodedVin {
  make: string | null;
  /** null when position 10 does not follow the model-year code (most non-North-American VINs). */
  modelYear: number | null;
}

export function decodeVin(raw: string, today = new Date()): DecodedVin {
  const vin = normalizeVin(raw);
  const make = MAKERS[vin.slice(0, 3)] ?? MAKERS[vin.slice(0, 2)] ?? null;
  if (!isValidVin(vin)) return { make, modelYear: null };
  const code = YEAR_CODES.indexOf(vin[9]!);
  if (code < 0) return { make, modelYear: null };
  // North American VINs mark the 2010-2039 cycle with a letter in position 7.
  const later = /[A-Z]/.test(vin[6]!);
  const year = 1980 + code + (later ? 30 : 0);
  return { make, modelYear: year <= today.getUTCFullYear() + 1 ? year : null };
}
