-- Unit kinds become a closed vocabulary (src/domain/units/kinds.ts). Kinds imported before it are
-- mapped to their code here: every accepted word, lower case, with and without diacritics (imports
-- always lower-cased and NFC-normalised them), "chi bộ thôn"-style names of cells, both placements of
-- the tone mark in "ủy". Anything left unmapped is listed by `npm run cli -- unit-kinds`, which also
-- maps spellings this list does not know (it folds them in TypeScript).
UPDATE units SET kind = CASE
	WHEN lower(trim(kind)) IN ('dang bo tinh', 'dang_bo_tinh', 'province', 'thanh uy', 'thanh_uy', 'thành uỷ', 'thành ủy', 'thành_ủy', 'tinh', 'tinh uy', 'tinh_uy', 'tỉnh', 'tỉnh uỷ', 'tỉnh ủy', 'tỉnh_ủy', 'đảng bộ tỉnh', 'đảng_bộ_tỉnh') THEN 'province'
	WHEN lower(trim(kind)) IN ('dang bo huyen', 'dang_bo_huyen', 'district', 'huyen', 'huyen uy', 'huyen_uy', 'huyện', 'huyện uỷ', 'huyện ủy', 'huyện_ủy', 'quan', 'quan uy', 'quan_uy', 'quận', 'quận uỷ', 'quận ủy', 'quận_ủy', 'thi uy', 'thi xa', 'thi_uy', 'thi_xa', 'thị uỷ', 'thị xã', 'thị ủy', 'thị_xã', 'thị_ủy', 'đảng bộ huyện', 'đảng_bộ_huyện') THEN 'district'
	WHEN lower(trim(kind)) IN ('commune', 'dang bo co so', 'dang bo thi tran', 'dang bo xa', 'dang uy thi tran', 'dang uy xa', 'dang_bo_co_so', 'dang_bo_thi_tran', 'dang_bo_xa', 'dang_uy_thi_tran', 'dang_uy_xa', 'thi tran', 'thi_tran', 'thị trấn', 'thị_trấn', 'township', 'xa', 'xã', 'đảng bộ cơ sở', 'đảng bộ thị trấn', 'đảng bộ xã', 'đảng uỷ thị trấn', 'đảng uỷ xã', 'đảng ủy thị trấn', 'đảng ủy xã', 'đảng_bộ_cơ_sở', 'đảng_bộ_thị_trấn', 'đảng_bộ_xã', 'đảng_ủy_thị_trấn', 'đảng_ủy_xã') THEN 'commune'
	WHEN lower(trim(kind)) IN ('dang bo phuong', 'dang uy phuong', 'dang_bo_phuong', 'dang_uy_phuong', 'phuong', 'phường', 'ward', 'đảng bộ phường', 'đảng uỷ phường', 'đảng ủy phường', 'đảng_bộ_phường', 'đảng_ủy_phường') THEN 'ward'
	WHEN lower(trim(kind)) IN ('dac khu', 'dac_khu', 'dang bo dac khu', 'dang_bo_dac_khu', 'special zone', 'special_zone', 'đảng bộ đặc khu', 'đảng_bộ_đặc_khu', 'đặc khu', 'đặc_khu') THEN 'special_zone'
	WHEN lower(trim(kind)) IN ('dang bo bo phan', 'dang uy bo phan', 'dang_bo_bo_phan', 'dang_uy_bo_phan', 'partial committee', 'partial_committee', 'đảng bộ bộ phận', 'đảng uỷ bộ phận', 'đảng ủy bộ phận', 'đảng_bộ_bộ_phận', 'đảng_ủy_bộ_phận') THEN 'partial_committee'
	WHEN lower(trim(kind)) IN ('ap', 'ban', 'buon', 'buôn', 'bản', 'cell', 'chi bo', 'chi bo ap', 'chi bo ban', 'chi bo buon', 'chi bo khoi', 'chi bo khoi pho', 'chi bo khu', 'chi bo khu dan cu', 'chi bo khu pho', 'chi bo lang', 'chi bo neighborhood', 'chi bo neighbourhood', 'chi bo plei', 'chi bo residential group', 'chi bo soc', 'chi bo thon', 'chi bo tieu khu', 'chi bo to', 'chi bo to dan pho', 'chi bo village', 'chi bo xom', 'chi bộ', 'chi bộ buôn', 'chi bộ bản', 'chi bộ khu', 'chi bộ khu dân cư', 'chi bộ khu phố', 'chi bộ khối', 'chi bộ khối phố', 'chi bộ làng', 'chi bộ neighborhood', 'chi bộ neighbourhood', 'chi bộ plei', 'chi bộ residential group', 'chi bộ sóc', 'chi bộ thôn', 'chi bộ tiểu khu', 'chi bộ tổ', 'chi bộ tổ dân phố', 'chi bộ village', 'chi bộ xóm', 'chi bộ ấp', 'chi_bo', 'chi_bo_ap', 'chi_bo_ban', 'chi_bo_buon', 'chi_bo_khoi', 'chi_bo_khoi_pho', 'chi_bo_khu', 'chi_bo_khu_dan_cu', 'chi_bo_khu_pho', 'chi_bo_lang', 'chi_bo_neighborhood', 'chi_bo_neighbourhood', 'chi_bo_plei', 'chi_bo_residential_group', 'chi_bo_soc', 'chi_bo_thon', 'chi_bo_tieu_khu', 'chi_bo_to', 'chi_bo_to_dan_pho', 'chi_bo_village', 'chi_bo_xom', 'chi_bộ', 'chi_bộ_buôn', 'chi_bộ_bản', 'chi_bộ_khu', 'chi_bộ_khu_dân_cư', 'chi_bộ_khu_phố', 'chi_bộ_khối', 'chi_bộ_khối_phố', 'chi_bộ_làng', 'chi_bộ_neighborhood', 'chi_bộ_neighbourhood', 'chi_bộ_plei', 'chi_bộ_residential_group', 'chi_bộ_sóc', 'chi_bộ_thôn', 'chi_bộ_tiểu_khu', 'chi_bộ_tổ', 'chi_bộ_tổ_dân_phố', 'chi_bộ_village', 'chi_bộ_xóm', 'chi_bộ_ấp', 'khoi', 'khoi pho', 'khoi_pho', 'khu', 'khu dan cu', 'khu dân cư', 'khu pho', 'khu phố', 'khu_dan_cu', 'khu_dân_cư', 'khu_pho', 'khu_phố', 'khối', 'khối phố', 'khối_phố', 'kp', 'lang', 'làng', 'neighborhood', 'neighbourhood', 'plei', 'residential group', 'residential_group', 'soc', 'sóc', 'tdp', 'thon', 'thôn', 'tieu khu', 'tieu_khu', 'tiểu khu', 'tiểu_khu', 'to', 'to dan pho', 'to_dan_pho', 'tổ', 'tổ dân phố', 'tổ_dân_phố', 'village', 'xom', 'xóm', 'ấp') THEN 'cell'
	WHEN lower(trim(kind)) IN ('ban chap hanh', 'ban chấp hành', 'ban_chap_hanh', 'ban_chấp_hành', 'bch', 'cap uy', 'cap_uy', 'chi uy', 'chi uỷ', 'chi ủy', 'chi_uy', 'chi_ủy', 'committee', 'cấp uỷ', 'cấp ủy', 'cấp_ủy', 'executive committee', 'executive_committee') THEN 'committee'
	WHEN lower(trim(kind)) IN ('ban thuong vu', 'ban thường vụ', 'ban_thuong_vu', 'ban_thường_vụ', 'btv', 'standing committee', 'standing_committee', 'thuong truc', 'thuong vu', 'thuong_truc', 'thuong_vu', 'thường trực', 'thường vụ', 'thường_trực', 'thường_vụ') THEN 'standing_committee'
	ELSE kind END
WHERE kind NOT IN ('province', 'district', 'commune', 'ward', 'special_zone', 'partial_committee', 'cell',
	'committee', 'standing_committee');
--> statement-breakpoint
-- A cell meets monthly (party charter). A weekly rule a cell was given before this check becomes the
-- same weekday, first of the month, so its reminders go on; its future week meetings are cancelled
-- and the planner replans the month.
UPDATE units SET meeting_rule = json_set(meeting_rule, '$.type', 'weekday', '$.nth', 1), next_plan_at = 0
WHERE kind = 'cell' AND json_valid(meeting_rule) AND json_extract(meeting_rule, '$.type') = 'weekly';
--> statement-breakpoint
UPDATE meetings SET status = 'cancelled', next_reminder_at = NULL
WHERE slot LIKE '____-W__' AND status = 'scheduled'
	AND unit_id IN (SELECT id FROM units WHERE kind = 'cell');
--> statement-breakpoint
-- Records a cell kept under ISO weeks go back to their month, where summaries count them (the
-- rollup triggers move the figures).
UPDATE meeting_records SET period = substr(held_on, 1, 7)
WHERE period LIKE '____-W__' AND unit_id IN (SELECT id FROM units WHERE kind = 'cell');
