import nodemailer from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport";
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
    // nodemailer waits minutes by default; a stuck mail server must not hold a request or a job that long.
    // Built directly: createTransport drops every other option when given a url.
    const transport = nodemailer.createTransport(new SMTPTransport({ url: env.SMTP_URL, connectionTimeout: 15_000, greetingTimeout: 10_000, socketTimeout: 20_000 }));
    await transport.sendMail({ from: env.MAIL_FROM, ...mail });
    return;
  }
  await db().outboxEmail.create({ data: mail });
}
