-- One club per city, whatever the case or width the city is typed in
-- ("Qingdao", "qingdao", "ＱＩＮＧＤＡＯ"): city_key is people.CityKey(city),
-- unique. It is NULL until written: the store fills it for existing clubs
-- when it opens (backfillCityKeys), all but the first of clubs already
-- sharing a key, which keep NULL (NULLs never collide) until an admin
-- sorts them out. (Not named clubs_city_key: PostgreSQL gave that name to
-- 040's UNIQUE (city).)
ALTER TABLE clubs ADD COLUMN city_key TEXT;
CREATE UNIQUE INDEX clubs_one_per_city_key ON clubs(city_key);
