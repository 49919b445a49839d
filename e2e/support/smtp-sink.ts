import { createServer, type Socket } from "node:net";

export interface SmtpSink {
  url: string;
  messages: { from: string; to: string[]; data: string }[];
  close: () => Promise<void>;
}

/**
 * A minimal SMTP server on 127.0.0.1 that accepts every message (RFC 5321
 * commands nodemailer sends without TLS or auth) and keeps it in memory.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SmtpSink["messages"] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let buffer = "";
    let envelope = { from: "", to: [] as string[] };
    let data: string[] | null = null;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 sink ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let end;
      while ((end = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line === ".") {
            messages.push({ ...envelope, data: data.join("\r\n") });
            data = null;
            envelope = { from: "", to: [] };
            reply("250 queued");
          } else {
            data.push(line.startsWith("..") ? line.slice(1) : line);
          }
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === "EHLO" || command === "HELO") reply("250 sink");
        else if (command === "MAIL") {
          envelope.from = line.slice(10);
          reply("250 ok");
        } else if (command === "RCPT") {
          envelope.to.push(line.slice(8));
          reply("250 ok");
        } else if (command === "DATA") {
          data = [];
          reply("354 go ahead");
        } else if (command === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("250 ok");
      }
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve()),
  );
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
