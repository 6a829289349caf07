CREATE TABLE "holiday" ("id" SERIAL NOT NULL PRIMARY KEY, "date" DATE NOT NULL, "name" VARCHAR(255) NOT NULL);
CREATE UNIQUE INDEX "holiday_date" ON "holiday" ("date");
CREATE TABLE "time_off" ("id" SERIAL NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "start" DATE NOT NULL, "end" DATE NOT NULL, "note" VARCHAR(255) NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE);
CREATE INDEX "time_off_member_id" ON "time_off" ("member_id");
