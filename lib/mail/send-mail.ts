import nodemailer from "nodemailer";
import { db } from "@/lib/db";
import { serverEnv } from "@/lib/env";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends through SMTP_URL when set; otherwise keeps the message in the dev outbox (/dev/outbox). */
export async function sendMail(mail: Mail): Promise<void> {
  const env = serverEnv();
  if (env.SMTP_URL) {
    const transport = nodemailer.createTransport(env.SMTP_URL);
    await transport.sendMail({ from: env.MAIL_FROM, ...mail });
    return;
  }
  await db().outboxEmail.create({ data: mail });
}
