import { connect } from "../db/connect";
import { migrateDatabase } from "../db/migrate";

const connection = await connect();
try {
  await migrateDatabase(connection.db);
  console.log(
    `Migrations applied to ${connection.isEmbedded ? "the embedded database" : "DATABASE_URL"}.`,
  );
} finally {
  await connection.close();
}
