// schema.json: what each file of the export holds and what each field means,
// written from the same descriptions that choose the fields (export sections).
import type { ExportSection, FieldDocs, NestedDocs } from "./export-section";

interface DescribedList {
  description: string;
  fields: FieldDocs;
  lists?: Record<string, DescribedList>;
}

function describeNested(nested: Record<string, NestedDocs> | undefined): Record<string, DescribedList> | undefined {
  if (!nested) return undefined;
  return Object.fromEntries(
    Object.entries(nested).map(([name, docs]) => [name, { description: docs.description, fields: docs.fields, ...(docs.nested ? { lists: describeNested(docs.nested) } : {}) }]),
  );
}

export function exportSchema(sections: readonly ExportSection[]) {
  return {
    about:
      "Every *.json data file is a JSON array of records. Fields are described as \"type: meaning\". Timestamps are UTC in ISO 8601; money is an integer in minor units of the workshop's currency; quantities are integers in thousandths. Ids are UUIDs that link the files together.",
    files: {
      ...Object.fromEntries(
        sections.map((section) => [
          section.file,
          { description: section.description, fields: section.fields, ...(section.nested ? { lists: describeNested(section.nested) } : {}) },
        ]),
      ),
      "photos/": { description: "The bytes of each inspection photo, named <attachment id>.<extension>, as listed in photos.json." },
      "schema.json": { description: "This file." },
      "metadata.json": {
        description: "About this export: the workshop, whose data it is, when and by which AWMS version it was made, and every file with its row count and SHA-256.",
        fields: {
          format: "string", formatVersion: "integer", awmsVersion: "string", requestId: "uuid: the request on the Data & privacy page",
          generatedAt: "timestamp (UTC)", workshop: "object: id, name, slug, country, currency, timezone", scope: "CUSTOMER | ORGANIZATION",
          subject: "object: type and id of the customer (or the workshop) the export is about", legalBasis: "string",
          files: "array: { file, rows (null for photos and schema.json), nestedRows, byteSize, sha256 }",
          missingPhotos: "array of uuids: photos whose bytes were missing from storage when the export was made",
        },
      },
    },
  };
}
