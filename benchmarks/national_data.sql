-- The national data set of benchmarks/national.py, on top of the demo data (seed_demo).
-- Fictional throughout: names, addresses and e-mail addresses are made up (example domains).
-- Run in one transaction by ``national.py build``; setseed keeps it the same every time.
-- The sizes are string.Template names: national.py NATIONAL; the plan tests use a small set.
SELECT setseed(0.13);

-- $regions regions (35 at national size): the two demo regions and the rest. k is the region's index (0 = domstad).
INSERT INTO loket_region (name, slug, desk_email, desk_phone, website, no_contact_days,
                          retention_days, privacy_statement, privacy_statement_en)
SELECT 'Onderwijsregio ' || n, 'regio-' || lpad(n::text, 2, '0'),
       'loket' || n || '@national.example', '030 000 00 ' || lpad(n::text, 2, '0'), '',
       30, 730, 'Privacyverklaring van onderwijsregio ' || n || '.', ''
FROM generate_series(3, $regions) AS n;

CREATE TEMP TABLE bench_region AS
SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM loket_region;

-- Postcode areas: 257 per region around the region's centre, six municipalities per region
-- (210 in all), named from a stem and an ending.
INSERT INTO loket_postcodearea (digits, municipality, latitude, longitude)
SELECT (1000 + r.k * 257 + j)::text,
       (ARRAY['Aal','Bree','Cul','Dal','Eek','Fle','Gors','Haar','Ijs','Jut','Kort','Lin','Mol',
              'Nij','Oud','Putt','Rijs','Sint','Tie','Uit','Vlie','Waal','Zand','Berk','Ede',
              'Heer','Laar','Mee','Nes','Rhe','Sta','Ter','Vel','Wes','Zwaag'])[r.k + 1]
       || (ARRAY['dorp','veen','horst','broek','wijk','dam'])[j / 43 + 1],
       51.0 + (r.k % 7) * 0.33 + random() * 0.2,
       3.9 + (r.k / 7) * 0.6 + random() * 0.3
FROM bench_region r, generate_series(0, 256) AS j
WHERE r.k >= 2
ON CONFLICT (digits) DO NOTHING;

CREATE TEMP TABLE bench_postcode AS
SELECT p.digits, p.municipality, p.latitude, p.longitude, r.id AS region_id,
       row_number() OVER (PARTITION BY r.id ORDER BY p.digits) - 1 AS j
FROM loket_postcodearea p
JOIN bench_region r ON (r.k >= 2 AND p.digits::int BETWEEN 1000 + r.k * 257 AND 1256 + r.k * 257)
   OR (r.k = 0 AND p.digits LIKE '35%') OR (r.k = 1 AND p.digits LIKE '38%');
CREATE INDEX ON bench_postcode (region_id, j);
ANALYZE bench_postcode;
CREATE TEMP TABLE bench_postcode_count AS
SELECT region_id, count(*) AS n FROM bench_postcode GROUP BY region_id;

-- Six boards per region.
INSERT INTO loket_board (name, board_number, website, region_id)
SELECT 'Stichting Onderwijs ' || r.k || '-' || b, lpad((50000 + r.k * 10 + b)::text, 5, '0'), '',
       r.id
FROM bench_region r, generate_series(1, 6) AS b;

CREATE TEMP TABLE bench_board AS
SELECT id, region_id, row_number() OVER (PARTITION BY region_id ORDER BY id) - 1 AS b
FROM loket_board WHERE board_number::int >= 50000;

-- Schools up to 3,000: half of a region's schools belong to its first board (one large board
-- of ~40 schools, as the issue's HR officer has), the rest spread over the other five.
INSERT INTO loket_school (name, branch_number, sectors, school_types, street_address, postcode,
                          municipality, latitude, longitude, accepts_career_switchers, website,
                          board_id, region_id)
SELECT CASE WHEN s.h % 20 < 12 THEN 'Basisschool ' WHEN s.h % 20 < 17 THEN 'College '
            WHEN s.h % 20 < 19 THEN 'MBO ' ELSE 'SO-school ' END || 'De Linde ' || s.h,
       'N' || lpad(s.i::text, 4, '0'),
       CASE WHEN s.h % 20 < 12 THEN ARRAY['po'] WHEN s.h % 20 < 17 THEN ARRAY['vo']
            WHEN s.h % 20 < 19 THEN ARRAY['mbo'] ELSE ARRAY['so'] END,
       CASE WHEN s.h % 20 < 12 THEN ARRAY['basisschool']
            WHEN s.h % 20 < 14 THEN ARRAY['vmbo'] WHEN s.h % 20 < 17 THEN ARRAY['havo', 'vwo']
            WHEN s.h % 20 < 19 THEN ARRAY['mbo'] ELSE ARRAY['so'] END,
       'Schoolstraat ' || (s.h % 200 + 1), p.digits || ' AB', p.municipality,
       p.latitude, p.longitude, s.h % 5 <> 0, '', bb.id, r.id
FROM (SELECT i, (i * 7919 + 13) % 1000003 AS h
      FROM generate_series(1, ($schools - (SELECT count(*) FROM loket_school))::int) AS i) AS s
JOIN bench_region r ON r.k = s.i % $regions
JOIN bench_postcode_count pc ON pc.region_id = r.id
JOIN bench_postcode p ON p.region_id = r.id AND p.j = (s.h * 7) % pc.n
JOIN bench_board bb ON bb.region_id = r.id
 AND bb.b = CASE WHEN (s.i / 35) % 2 = 0 THEN 0 ELSE 1 + (s.i / 70) % 5 END;

CREATE TEMP TABLE bench_school AS
SELECT id, region_id, sectors, latitude, longitude,
       row_number() OVER (PARTITION BY region_id ORDER BY id) - 1 AS j
FROM loket_school;
CREATE INDEX ON bench_school (region_id, j);
ANALYZE bench_school;
CREATE TEMP TABLE bench_school_count AS
SELECT region_id, count(*) AS n FROM bench_school GROUP BY region_id;

-- Staff: six desk staff and a coordinator per region, an HR officer per board and per fifth
-- school, two advisers per institute. All can sign in with the demo password (the hash of the
-- demo desk user is copied).
CREATE TEMP TABLE bench_password AS
SELECT password FROM loket_user WHERE email = 'loket@demo.regioloket.example';

INSERT INTO loket_user (password, email, full_name, language, is_active, is_staff, is_superuser,
                        date_joined)
SELECT (SELECT password FROM bench_password), 'loket' || r.k || '.' || g || '@national.example',
       'Medewerker ' || r.k || '-' || g, 'nl', true, false, false, now() - interval '400 days'
FROM bench_region r, generate_series(0, 6) AS g;
INSERT INTO loket_roleassignment (role, created_at, region_id, user_id)
SELECT CASE WHEN split_part(split_part(u.email, '@', 1), '.', 2) = '0' THEN 'coordinator'
            ELSE 'desk_staff' END,
       now(), r.id, u.id
FROM loket_user u
JOIN bench_region r ON u.email LIKE 'loket' || r.k || '.%@national.example';

INSERT INTO loket_user (password, email, full_name, language, is_active, is_staff, is_superuser,
                        date_joined)
SELECT (SELECT password FROM bench_password), 'hr.bestuur' || b.id || '@national.example',
       'HR Bestuur ' || b.id, 'nl', true, false, false, now() - interval '300 days'
FROM bench_board b;
INSERT INTO loket_roleassignment (role, created_at, board_id, user_id)
SELECT 'hr_officer', now(), b.id, u.id
FROM bench_board b JOIN loket_user u ON u.email = 'hr.bestuur' || b.id || '@national.example';

INSERT INTO loket_user (password, email, full_name, language, is_active, is_staff, is_superuser,
                        date_joined)
SELECT (SELECT password FROM bench_password), 'hr.school' || s.id || '@national.example',
       'HR School ' || s.id, 'nl', true, false, false, now() - interval '300 days'
FROM loket_school s WHERE s.branch_number LIKE 'N%' AND s.id % 5 = 0;
INSERT INTO loket_roleassignment (role, created_at, school_id, user_id)
SELECT 'hr_officer', now(), s.id, u.id
FROM loket_school s JOIN loket_user u ON u.email = 'hr.school' || s.id || '@national.example';

INSERT INTO loket_traininginstitute (name, kind, city, website)
SELECT 'Lerarenopleiding ' || n, CASE WHEN n % 3 = 0 THEN 'wo' ELSE 'hbo' END, 'Stad ' || n, ''
FROM generate_series(1, 12) AS n;
INSERT INTO loket_traininginstitute_regions (traininginstitute_id, region_id)
SELECT t.id, r.id FROM loket_traininginstitute t, bench_region r
WHERE t.name LIKE 'Lerarenopleiding %'
  AND (split_part(t.name, ' ', 2)::int % 12) = r.k % 12;
INSERT INTO loket_user (password, email, full_name, language, is_active, is_staff, is_superuser,
                        date_joined)
SELECT (SELECT password FROM bench_password), 'adviseur' || t.id || '.' || g || '@national.example',
       'Adviseur ' || t.id || '-' || g, 'nl', true, false, false, now() - interval '300 days'
FROM loket_traininginstitute t, generate_series(1, 2) AS g WHERE t.name LIKE 'Lerarenopleiding %';
INSERT INTO loket_roleassignment (role, created_at, institute_id, user_id)
SELECT 'study_adviser', now(), t.id, u.id
FROM loket_traininginstitute t
JOIN loket_user u ON u.email LIKE 'adviseur' || t.id || '.%@national.example';

CREATE TEMP TABLE bench_guide AS
SELECT ra.user_id, ra.region_id,
       row_number() OVER (PARTITION BY ra.region_id ORDER BY ra.user_id) - 1 AS g
FROM loket_roleassignment ra WHERE ra.role = 'desk_staff';
CREATE TEMP TABLE bench_guide_count AS
SELECT region_id, count(*) AS n FROM bench_guide GROUP BY region_id;

-- 200,000 candidates. One in twenty lives in the demo region domstad (10,000, the pipeline the
-- demo desk user sees); the rest spread over the other regions. Phases: most early, some placed,
-- some paused or dropped out; phase_changed_at skewed to the recent past, so some are stalled.
CREATE TEMP TABLE bench_candidate AS
SELECT i, (i * 7919 + 13) % 1000003 AS h,
       CASE WHEN i % 20 = 0 THEN 0 ELSE 1 + i % ($regions - 1) END AS k,
       CASE WHEN x < 0.22 THEN 'interesse' WHEN x < 0.46 THEN 'orientatie'
            WHEN x < 0.59 THEN 'intake' WHEN x < 0.68 THEN 'geschiktheid'
            WHEN x < 0.80 THEN 'matching' WHEN x < 0.85 THEN 'gestart'
            WHEN x < 0.89 THEN 'begeleiding' WHEN x < 0.92 THEN 'gepauzeerd'
            WHEN x < 0.98 THEN 'afgehaakt' ELSE 'doorverwezen' END AS phase,
       now() - (random() ^ 2) * interval '700 days' AS phase_changed_at,
       random() AS y
FROM (SELECT i, random() AS x FROM generate_series(1, $candidates) AS i) AS draw;
ALTER TABLE bench_candidate ADD COLUMN rank int;
UPDATE bench_candidate SET rank = CASE phase WHEN 'interesse' THEN 1 WHEN 'orientatie' THEN 2
    WHEN 'intake' THEN 3 WHEN 'geschiktheid' THEN 4 WHEN 'matching' THEN 5 WHEN 'gestart' THEN 6
    WHEN 'begeleiding' THEN 7 ELSE 4 END;

INSERT INTO loket_user (password, email, full_name, language, is_active, is_staff, is_superuser,
                        date_joined)
SELECT '!', 'kandidaat' || c.h || '@national.example',
       (ARRAY['Anna','Bram','Chantal','Daan','Esra','Femke','Gijs','Hatice','Iris','Jeroen',
              'Kim','Lars','Mila','Noah','Olga','Pieter','Quinten','Rana','Sanne','Tim'])
       [1 + c.h % 20] || ' ' ||
       (ARRAY['de Vries','Jansen','Bakker','Visser','Smit','Meijer','de Boer','Mulder',
              'de Groot','Bos','Vos','Peters','Hendriks','van Dijk','Dekker','Brouwer','Yilmaz',
              'El Amrani','Kok','Jacobs','de Wit','van Leeuwen','Willems','Hoekstra'])
       [1 + (c.h / 20) % 24] || ' ' || c.h,
       'nl', true, false, false, c.phase_changed_at - interval '30 days'
FROM bench_candidate c;

INSERT INTO kandidaten_candidate (
    full_name, phone, date_of_birth, postcode, lives_abroad, latitude, longitude, education,
    field_of_study, field_related, situation, occupation, years_experience, dutch_level,
    has_school_job, sectors, hours_per_week, earliest_start, max_travel_km, trial_day_interest,
    consent_desk, consent_region_schools, consent_other_regions, source, source_detail, utm,
    phase, paused_until, dropout_reason, registration_step, intake_requested_at, created_at,
    updated_at, guide_id, region_id, user_id, last_contact_on, next_action, next_action_on,
    phase_changed_at, teaching_level, anonymised_at, removal_due_on, retention_warned_at,
    degree_in_progress, secondary_level)
SELECT u.full_name, '06' || lpad((c.h::bigint * 7919 % 100000000)::text, 8, '0'),
       date '1970-01-01' + (c.h * 37 % 12000),
       p.digits || ' ' || chr(65 + c.h % 26) || chr(65 + c.h / 26 % 26), false,
       p.latitude, p.longitude,
       (ARRAY['hbo','wo_master','wo_bachelor','hbo','mbo','wo_master','hbo','havo_vwo'])
       [1 + c.h % 8],
       (ARRAY['Wiskunde','Natuurkunde','Bedrijfskunde','Techniek','Biologie','Economie',
              'Geschiedenis','Engels'])[1 + c.h / 8 % 8],
       (ARRAY['yes','partly','no'])[1 + c.h % 3],
       (ARRAY['employed','employed','self_employed','student','job_seeker','other'])[1 + c.h % 6],
       'Werkzaam als ' || (ARRAY['ingenieur','consultant','analist','verpleegkundige'])[1 + c.h % 4],
       (c.h % 25)::smallint, (ARRAY['native','native','c1','b2','c2'])[1 + c.h % 5],
       c.h % 17 = 0,
       CASE WHEN c.h % 10 < 5 THEN ARRAY['po'] WHEN c.h % 10 < 8 THEN ARRAY['vo']
            WHEN c.h % 10 < 9 THEN ARRAY['vo', 'mbo'] ELSE ARRAY['mbo'] END,
       (8 + c.h % 5 * 8)::smallint, current_date + (c.h % 200), (10 + c.h % 5 * 10)::smallint,
       c.h % 3 = 0,
       c.rank >= 2 OR c.h % 2 = 0, (c.rank >= 2 OR c.h % 2 = 0) AND c.h % 5 <> 0,
       c.h % 4 = 0,
       (ARRAY['search','social','friend','event','school','uwv','other'])[1 + c.h % 7], '', '{}',
       c.phase,
       CASE WHEN c.phase = 'gepauzeerd' THEN current_date + (c.h % 120) END,
       CASE WHEN c.phase = 'afgehaakt'
            THEN (ARRAY['other_job','not_for_me','route','personal','no_school','other'])
                 [1 + c.h % 6] ELSE '' END,
       CASE WHEN c.phase = 'interesse' THEN 1 + c.h % 5 ELSE 6 END,
       CASE WHEN c.rank >= 3 THEN c.phase_changed_at - interval '20 days' END,
       c.phase_changed_at - interval '30 days', c.phase_changed_at,
       CASE WHEN c.rank >= 3 THEN g.user_id END, r.id, u.id,
       CASE WHEN c.rank >= 2 THEN (c.phase_changed_at + (c.y * interval '40 days'))::date END,
       CASE WHEN c.h % 7 = 0 THEN 'Terugbellen over de route' ELSE '' END,
       CASE WHEN c.h % 7 = 0 THEN current_date + (c.h % 30 - 10) END,
       c.phase_changed_at,
       (ARRAY['route_second','route_first','route_second','qualified_second','no_degree',
              'route_first','qualified_primary','qualified_first'])[1 + c.h % 8],
       NULL, NULL, NULL, '', CASE WHEN c.h % 10 BETWEEN 5 AND 8 THEN 'lower' ELSE '' END
FROM bench_candidate c
JOIN bench_region r ON r.k = c.k
JOIN loket_user u ON u.email = 'kandidaat' || c.h || '@national.example'
JOIN bench_postcode_count pc ON pc.region_id = r.id
JOIN bench_postcode p ON p.region_id = r.id AND p.j = (c.h * 13) % pc.n
JOIN bench_guide_count gc ON gc.region_id = r.id
JOIN bench_guide g ON g.region_id = r.id AND g.g = c.h % gc.n;

INSERT INTO loket_roleassignment (role, created_at, user_id)
SELECT 'candidate', c.created_at, c.user_id
FROM kandidaten_candidate c JOIN loket_user u ON u.id = c.user_id
WHERE u.email LIKE 'kandidaat%@national.example';

CREATE TEMP TABLE bench_cand AS
SELECT k.id, k.region_id, k.user_id, k.guide_id, k.phase, k.phase_changed_at, k.created_at,
       k.sectors, b.h, b.rank
FROM kandidaten_candidate k
JOIN loket_user u ON u.id = k.user_id
JOIN bench_candidate b ON u.email = 'kandidaat' || b.h || '@national.example';
CREATE INDEX ON bench_cand (id);
ANALYZE bench_cand;

-- Subjects: one to three per candidate (about two), from the candidate's sectors.
CREATE TEMP TABLE bench_subject AS
SELECT id, sectors, row_number() OVER (ORDER BY id) - 1 AS j FROM loket_subject;
INSERT INTO kandidaten_candidate_subjects (candidate_id, subject_id)
SELECT DISTINCT c.id, s.id
FROM bench_cand c
CROSS JOIN LATERAL generate_series(0, CASE WHEN c.h % 4 = 0 THEN 0 WHEN c.h % 4 = 3 THEN 2
                                           ELSE 1 END) AS n
JOIN bench_subject s ON s.j = (c.h * 7 + n * 11) % (SELECT count(*) FROM bench_subject);

-- Phase events: the mainline up to the candidate's phase; side exits after intake.
INSERT INTO kandidaten_phaseevent (from_phase, to_phase, note, created_at, actor_id, candidate_id)
SELECT CASE WHEN n = 1 THEN '' ELSE (ARRAY['interesse','orientatie','intake','geschiktheid',
                                           'matching','gestart','begeleiding'])[n - 1] END,
       CASE WHEN c.rank = n AND c.phase IN ('gepauzeerd','afgehaakt','doorverwezen') THEN c.phase
            ELSE (ARRAY['interesse','orientatie','intake','geschiktheid','matching','gestart',
                        'begeleiding'])[n] END,
       '', c.phase_changed_at - (c.rank - n) * interval '25 days',
       CASE WHEN n >= 3 THEN c.guide_id END, c.id
FROM bench_cand c CROSS JOIN LATERAL generate_series(1, c.rank) AS n;

-- Contacts: about 1.75 per candidate, more for those further along.
INSERT INTO kandidaten_contact (kind, occurred_on, summary, created_at, author_id, candidate_id)
SELECT (ARRAY['phone','email','meeting','advice','phone','trial_day'])[1 + (c.h + n) % 6],
       (c.phase_changed_at - n * interval '9 days')::date,
       'Gesprek over de route en de volgende stap.', c.phase_changed_at - n * interval '9 days',
       c.guide_id, c.id
FROM bench_cand c
CROSS JOIN LATERAL generate_series(1, CASE WHEN c.rank = 1 THEN (c.h % 3 = 0)::int
                                          ELSE c.rank - 2 + c.h % 2 END) AS n;

-- Vacancies up to 10,000: a school of the region, subjects of the school's sector.
INSERT INTO vacatures_vacancy (
    title, sectors, school_types, qualification, hours_per_week, contract_type, start_date,
    closing_date, open_to_career_switchers, salary_scale, salary_min, salary_max, description,
    contact_name, contact_email, contact_phone, status, published_at, created_at, updated_at,
    search_vector, created_by_id, school_id)
SELECT 'Docent ' || (ARRAY['wiskunde','Nederlands','Engels','natuurkunde','groep 5','techniek',
                           'economie','biologie','scheikunde','Duits'])[1 + v.h % 10]
       || ' ' || v.i,
       s.sectors, ARRAY[]::varchar[],
       (ARRAY['first_grade','second_grade','in_training'])[1 + v.h % 3],
       (8 + v.h % 5 * 8)::smallint, (ARRAY['permanent','temporary','replacement'])[1 + v.h % 3],
       current_date + 30 + v.h % 60, current_date + 90 + v.h % 60, v.h % 4 <> 0,
       'LB', 3500, 5200,
       'Wij zoeken een enthousiaste collega voor ons team. Je geeft les aan gemotiveerde '
       || 'leerlingen en krijgt begeleiding als zij-instromer.',
       'Personeelszaken', 'vacatures' || v.i || '@national.example', '',
       CASE WHEN v.h % 20 < 12 THEN 'published' WHEN v.h % 20 < 16 THEN 'filled'
            WHEN v.h % 20 < 19 THEN 'closed' ELSE 'draft' END,
       CASE WHEN v.h % 20 < 19 THEN now() - (v.h % 120) * interval '1 day' END,
       now() - (v.h % 120 + 5) * interval '1 day', now() - (v.h % 120) * interval '1 day',
       NULL, NULL, s.id
FROM (SELECT i, (i * 7919 + 13) % 1000003 AS h
      FROM generate_series(1, ($vacancies - (SELECT count(*) FROM vacatures_vacancy))::int) AS i) AS v
JOIN bench_region r ON r.k = CASE WHEN v.i % 20 = 0 THEN 0 ELSE 1 + v.i % ($regions - 1) END
JOIN bench_school_count sc ON sc.region_id = r.id
JOIN bench_school s ON s.region_id = r.id AND s.j = (v.h * 17) % sc.n;

UPDATE vacatures_vacancy
SET search_vector = setweight(to_tsvector('dutch', title), 'A')
                    || setweight(to_tsvector('dutch', description), 'B')
WHERE search_vector IS NULL;

INSERT INTO vacatures_vacancy_subjects (vacancy_id, subject_id)
SELECT DISTINCT v.id, s.id
FROM vacatures_vacancy v
CROSS JOIN LATERAL generate_series(0, (v.id % 2)::int) AS n
JOIN bench_subject s ON s.j = (v.id * 5 + n * 3) % (SELECT count(*) FROM bench_subject)
WHERE v.contact_email LIKE '%@national.example';

-- Proposals: for candidates in matching and later, to a vacancy of their region; a fifth of
-- them still waiting for the school.
CREATE TEMP TABLE bench_vacancy AS
SELECT v.id, v.school_id, s.region_id,
       row_number() OVER (PARTITION BY s.region_id ORDER BY v.id) - 1 AS j
FROM vacatures_vacancy v JOIN loket_school s ON s.id = v.school_id;
CREATE INDEX ON bench_vacancy (region_id, j);
ANALYZE bench_vacancy;
CREATE TEMP TABLE bench_vacancy_count AS
SELECT region_id, count(*) AS n FROM bench_vacancy GROUP BY region_id;

INSERT INTO vacatures_proposal (
    motivation, status, created_at, answered_at, interview_at, interview_location,
    decline_reason, decline_note, closed_at, updated_at, candidate_id, proposed_by_id, school_id,
    vacancy_id, candidate_reason, contract_type, hours_per_week, school_message, start_date,
    withdrawn_by_candidate)
SELECT 'Past goed bij het profiel.', st.status, c.phase_changed_at - q.n * interval '10 days',
       CASE WHEN st.status <> 'sent' THEN c.phase_changed_at - q.n * interval '5 days' END,
       CASE WHEN st.status IN ('invited','hired','not_hired')
            THEN c.phase_changed_at - q.n * interval '3 days' END,
       CASE WHEN st.status IN ('invited','hired','not_hired') THEN 'Op school' ELSE '' END,
       CASE WHEN st.status IN ('declined','not_hired') THEN 'profile' ELSE '' END, '',
       CASE WHEN st.status IN ('declined','hired','not_hired','withdrawn')
            THEN c.phase_changed_at - q.n * interval '2 days' END,
       c.phase_changed_at, c.id, c.guide_id, v.school_id, v.id, '', '', NULL, '', NULL, false
FROM bench_cand c
CROSS JOIN LATERAL generate_series(1, 1 + c.h % 3) AS q(n)
JOIN bench_vacancy_count vc ON vc.region_id = c.region_id
JOIN bench_vacancy v ON v.region_id = c.region_id AND v.j = (c.h * 3 + q.n * 101) % vc.n
CROSS JOIN LATERAL (SELECT CASE
    WHEN c.phase IN ('gestart','begeleiding') AND q.n = 1 THEN 'hired'
    WHEN c.phase = 'matching' AND q.n = 1 AND c.h % 5 < 2 THEN 'sent'
    WHEN c.phase = 'matching' AND q.n = 1 AND c.h % 5 = 2 THEN 'invited'
    ELSE (ARRAY['declined','not_hired','withdrawn'])[1 + (c.h + q.n) % 3] END AS status) AS st
WHERE c.rank >= 5 AND c.phase IN ('matching','gestart','begeleiding');

-- Assessments for candidates in suitability assessment and later.
INSERT INTO kandidaten_assessment (question, referred_at, outcome, outcome_note, recorded_at,
                                   candidate_id, institute_id, recorded_by_id, referred_by_id)
SELECT 'Is de kandidaat toelaatbaar?', c.phase_changed_at - interval '30 days',
       CASE WHEN c.phase = 'geschiktheid' AND c.h % 2 = 0 THEN ''
            ELSE (ARRAY['admissible_job','admissible_no_job','subject_test'])[1 + c.h % 3] END,
       '',
       CASE WHEN c.phase = 'geschiktheid' AND c.h % 2 = 0 THEN NULL
            ELSE c.phase_changed_at - interval '5 days' END,
       c.id, t.traininginstitute_id, NULL, c.guide_id
FROM bench_cand c
JOIN bench_region r ON r.id = c.region_id
JOIN LATERAL (SELECT traininginstitute_id FROM loket_traininginstitute_regions tr
              WHERE tr.region_id = c.region_id ORDER BY traininginstitute_id LIMIT 1) t ON true
WHERE c.rank >= 4 AND c.phase NOT IN ('gepauzeerd','afgehaakt','doorverwezen');

-- Events: forty per region over a year and a half, half of them still to come.
INSERT INTO kandidaten_event (kind, title, description, starts_at, ends_at, location, capacity,
                              is_published, cancelled_at, created_at, created_by_id, region_id,
                              sequence)
SELECT (ARRAY['info','trial_day','workshop'])[1 + e % 3],
       (ARRAY['Informatieavond zij-instroom','Meeloopdag','Workshop sollicitatie'])[1 + e % 3]
       || ' ' || r.k || '-' || e,
       'Kom kennismaken met het onderwijs in de regio.',
       date_trunc('day', now()) + (e - 20) * interval '12 days' + interval '19 hours',
       date_trunc('day', now()) + (e - 20) * interval '12 days' + interval '21 hours',
       CASE WHEN e % 4 = 0 THEN 'Online' ELSE 'Stadhuisplein ' || e END,
       CASE WHEN e % 2 = 0 THEN 60 END, e % 10 <> 9, NULL, now() - interval '200 days', NULL, r.id,
       0
FROM bench_region r, generate_series(0, 39) AS e;

CREATE TEMP TABLE bench_event AS
SELECT id, region_id, row_number() OVER (PARTITION BY region_id ORDER BY id) - 1 AS j
FROM kandidaten_event;
CREATE INDEX ON bench_event (region_id, j);
CREATE TEMP TABLE bench_event_count AS
SELECT region_id, count(*) AS n FROM bench_event GROUP BY region_id;
INSERT INTO kandidaten_eventregistration (created_at, cancelled_at, candidate_id, event_id)
SELECT DISTINCT ON (e.id, c.id) c.created_at, NULL, c.id, e.id
FROM bench_cand c
JOIN bench_event_count ec ON ec.region_id = c.region_id
JOIN bench_event e ON e.region_id = c.region_id AND e.j = (c.h * 7) % ec.n
WHERE c.rank >= 2 AND c.h % 3 = 0;

-- 1,000,000 mail rows: most sent, some withheld, a few failed (none queued: a worker started
-- on this database must not send anything).
INSERT INTO loket_outgoingmail (
    to_email, reason, key, language, subject, body_text, body_html, essential, status,
    withheld_reason, attempts, last_error, not_before, dispatched_at, claimed_at,
    last_attempt_at, created_at, sent_at, recipient_id, region_id, forget_after_send, sealed,
    claimed_by, failure_reported_at, lease_until, retry_until, attachment_name, attachment_text)
SELECT 'kandidaat' || c.h || '@national.example',
       (ARRAY['registration_unfinished','appointment_tomorrow','event_signup','proposal_update',
              'account','no_contact'])[1 + m % 6],
       'bench-' || c.h || '-' || m, 'nl', 'Bericht van het regioloket',
       'Hallo, dit is een bericht van het regioloket.', '', m % 6 = 4,
       st.status, CASE WHEN st.status = 'withheld' THEN 'cap' ELSE '' END,
       CASE WHEN st.status IN ('sent','failed') THEN 1 ELSE 0 END,
       CASE WHEN st.status = 'failed' THEN 'SMTP 550' ELSE '' END,
       NULL, c.created_at + m * interval '3 days', NULL, c.created_at + m * interval '3 days',
       c.created_at + m * interval '3 days',
       CASE WHEN st.status = 'sent' THEN c.created_at + m * interval '3 days' END,
       c.user_id, c.region_id, false, '', '', NULL, NULL, NULL, '', ''
FROM bench_cand c
CROSS JOIN LATERAL generate_series(1, $mails_per_candidate) AS m
CROSS JOIN LATERAL (SELECT CASE WHEN (c.h + m) % 50 = 0 THEN 'withheld'
                                WHEN (c.h + m) % 997 = 0 THEN 'failed'
                                ELSE 'sent' END AS status) AS st;
