#!/bin/sh
# tests/datasets/test_evtx_attack.sh - 277 real Windows event logs nobody
# tuned the evtx reader on (the EVTX-ATTACK-SAMPLES collection,
# sbousseaden/EVTX-ATTACK-SAMPLES: Security, Sysmon, System, Application,
# PowerShell, RPC and dozens of other channels) read through
# `loglab info`: each file's events and the range of their
# System.TimeCreated.SystemTime to the microsecond, as an independent
# parser (python-evtx, its FILETIME taken in integers) read them, and its
# event IDs in one System.EventID column of numbers, Qualifiers or not.
# Skipped (77) when no copy of that repository is at hand: point
# LL_EVTX_ATTACK_REPO at a clone; a file the copy lacks is passed over.
. "$LL_SRCDIR/tests/lib.sh"

repo=${LL_EVTX_ATTACK_REPO:-$LL_SRCDIR/../.mirror/sbousseaden+EVTX-ATTACK-SAMPLES/repo}
if ! git -C "$repo" rev-parse -q --verify HEAD >/dev/null 2>&1; then
	echo "SKIP: no copy of EVTX-ATTACK-SAMPLES (LL_EVTX_ATTACK_REPO)" >&2
	exit 77
fi
scratch evtx-attack

read_logs=0
tab=$(printf '\t')
while IFS=$tab read -r events first last path; do
	git -C "$repo" show "HEAD:$path" >"$tmp/log.evtx" 2>/dev/null || continue
	read_logs=$((read_logs + 1))
	info "$tmp/log.evtx"
	expect_eq "$rc" 0 "$path: info"
	expect_match "$out" '^format: +evtx' "$path: an event log"
	expect_match "$out" "^rows: +$events\$" "$path: events"
	expect_match "$out" "^time: +$first \\.\\. $last\$" "$path: time range"
	col_is 'System\.EventID' number "$path"
	expect_no_match "$out" '^  System\.EventID\.text ' "$path: one event ID column"
done <<'LIST'
23	2019-04-27 15:57:25.868863	2019-04-27 15:57:54.165738	AutomatedTestingTools/Malware/DE_timestomp_and_dll_sideloading_and_RunPersist.evtx
50	2020-10-23 21:57:29.217562	2020-10-23 21:58:22.391794	AutomatedTestingTools/Malware/rundll32_cmd_schtask.evtx
4	2020-10-20 22:33:02.063979	2020-10-20 22:35:26.755693	AutomatedTestingTools/Malware/rundll32_hollowing_wermgr_masquerading.evtx
7	2020-10-15 13:17:02.403318	2020-10-15 13:17:02.963417	AutomatedTestingTools/Malware/sideloading_injection_persistence_run_key.evtx
18	2020-10-17 11:43:27.499490	2020-10-17 11:43:49.229742	AutomatedTestingTools/Malware/sideloading_uacbypass_rundll32_injection_c2.evtx
565	2019-07-19 14:42:51.446280	2019-07-19 15:12:05.755598	AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx
11	2019-07-18 20:40:00.730676	2019-07-18 20:53:31.952568	AutomatedTestingTools/WinDefender_Events_1117_1116_AtomicRedTeam.evtx
122	2019-07-29 21:32:55.583667	2019-07-29 21:34:45.660037	AutomatedTestingTools/panache_sysmon_vs_EDRTestingScript.evtx
101	2019-02-13 18:01:41.593830	2019-02-13 18:05:24.611439	Command and Control/DE_RDP_Tunnel_5156.evtx
18	2019-02-13 15:14:52.409734	2019-02-13 15:31:31.556812	Command and Control/DE_RDP_Tunneling_4624.evtx
228	2018-11-06 21:31:54.070985	2019-02-13 18:04:57.452386	Command and Control/DE_RDP_Tunneling_TerminalServices-RemoteConnectionManagerOperational_1149.evtx
73	2019-02-16 10:01:46.884038	2019-02-16 10:06:38.843856	Command and Control/DE_sysmon-3-rdp-tun.evtx
1537	2020-10-08 14:43:49.291978	2021-03-15 19:29:05.990760	Command and Control/bits_openvpn.evtx
12	2019-09-03 11:04:07.207049	2019-09-03 11:36:26.005493	Command and Control/tunna_iis_rdp_smb_tunneling_sysmon_3.evtx
1	2017-06-09 19:21:26.968669	2017-06-09 19:21:26.968669	Credential Access/4794_DSRM_password_change_t1098.evtx
55	2019-03-25 09:09:14.916619	2019-03-25 13:01:41.935605	Credential Access/ACL_ForcePwd_SPNAdd_User_Computer_Accounts.evtx
4	2020-09-09 13:18:23.627952	2020-09-09 13:18:27.714758	Credential Access/CA_4624_4625_LogonType2_LogonProc_chrome.evtx
3	2019-05-08 02:10:43.487217	2019-05-08 02:10:43.487217	Credential Access/CA_DCSync_4662.evtx
1	2020-09-11 12:10:22.398726	2020-09-11 12:10:22.398726	Credential Access/CA_Mimikatz_Memssp_Default_Logs_Sysmon_11.evtx
5	2019-04-27 19:27:55.274060	2019-04-27 19:33:50.134293	Credential Access/CA_chrome_firefox_opera_4663.evtx
2	2020-03-08 22:11:34.340479	2020-03-08 22:11:34.340584	Credential Access/CA_hashdump_4663_4656_lsass_access.evtx
5	2019-04-27 18:47:00.046849	2019-04-27 18:47:00.124974	Credential Access/CA_keefarce_keepass_credump.evtx
2	2019-04-27 18:55:04.710608	2019-04-27 18:55:04.980137	Credential Access/CA_keepass_KeeThief_Get-KeePassDatabaseKey.evtx
1	2020-07-19 13:06:52.199855	2020-07-19 13:06:52.199855	Credential Access/CA_protectedstorage_5145_rpc_masterkey.evtx
9	2019-04-30 12:43:43.784179	2019-04-30 12:43:43.784179	Credential Access/CA_sysmon_hashdump_cmd_meterpreter.evtx
1	2020-07-24 17:20:29.872554	2020-07-24 17:20:29.872554	Credential Access/CA_teamviewer-dumper_sysmon_10.evtx
2	2021-06-09 04:58:49.287418	2021-06-09 05:18:11.103154	Credential Access/LsassSilentProcessExit_process_exit_monitor_3001_lsass.evtx
10	2019-11-04 13:46:01.171339	2019-11-04 13:46:01.279825	Credential Access/MSSQL_multiple_failed_logon_EventID_18456.evtx
4	2020-06-30 14:23:58.394425	2020-06-30 14:24:08.254605	Credential Access/Powershell_4104_MiniDumpWriteDump_Lsass.evtx
4	2020-09-19 21:12:15.920366	2020-09-19 21:14:32.852449	Credential Access/Sysmon13_MachineAccount_Password_Hash_Changed_via_LsarSetSecret.evtx
1	2020-09-20 21:22:24.799192	2020-09-20 21:22:24.799192	Credential Access/Sysmon_13_Local_Admin_Password_Changed.evtx
2	2020-09-15 19:28:31.453647	2020-09-15 19:28:49.359772	Credential Access/Zerologon_CVE-2020-1472_DFIR_System_NetLogon_Error_EventID_5805.evtx
9	2020-09-15 19:28:17.594374	2020-09-15 19:31:34.954809	Credential Access/Zerologon_VoidSec_CVE-2020-1472_4626_LT3_Anonym_follwedby_4742_DC_Anony_DC.evtx
33	2019-04-18 16:55:37.014980	2019-04-18 17:03:03.441979	Credential Access/babyshark_mimikatz_powershell.evtx
4	2019-11-26 23:55:00	2019-11-26 23:55:02	Credential Access/dc_applog_ntdsutil_dfir_325_326_327.evtx
40	2019-05-27 01:28:42.711005	2019-05-27 01:29:20.555423	Credential Access/discovery_sysmon_1_iis_pwd_and_config_discovery_appcmd.evtx
415	2020-09-18 14:02:36.219534	2020-09-18 14:02:56.237772	Credential Access/etw_rpc_zerologon.evtx
12	2020-07-22 20:29:27.321769	2020-07-22 20:29:36.437702	Credential Access/kerberos_pwd_spray_4771.evtx
2	2019-09-09 13:35:08.655802	2019-09-09 13:35:09.315230	Credential Access/phish_windows_credentials_powershell_scriptblockLog_4104.evtx
20	2021-04-22 22:09:25.389633	2021-04-22 22:09:35.284604	Credential Access/ppl_bypass_ppldump_knowdll_hijack_sysmon_security.evtx
7	2020-09-17 10:57:37.013214	2020-09-17 10:57:53.407618	Credential Access/remote_pwd_reset_rpc_mimikatz_postzerologon_target_DC.evtx
31	2022-02-16 10:37:07.251285	2022-02-16 10:37:25.097894	Credential Access/remote_sam_registry_access_via_backup_operator_priv.evtx
3	2019-09-06 13:49:35.433683	2019-09-06 14:58:44.918618	Credential Access/sysmon17_18_kekeo_tsssp_default_np.evtx
4	2019-03-17 19:09:41.328868	2019-03-17 19:10:03.991455	Credential Access/sysmon_10_11_lsass_memdump.evtx
15	2019-06-21 07:35:37.185149	2019-06-21 07:36:51.682572	Credential Access/sysmon_10_11_outlfank_dumpert_and_andrewspecial_memdump.evtx
6	2019-08-30 12:54:07.873789	2019-08-30 12:54:08.439957	Credential Access/sysmon_10_1_memdump_comsvcs_minidump.evtx
1	2019-03-17 19:37:11.661930	2019-03-17 19:37:11.661930	Credential Access/sysmon_10_lsass_mimikatz_sekurlsa_logonpasswords.evtx
6	2019-03-17 20:42:51.504059	2019-03-17 20:43:16.309727	Credential Access/sysmon_13_keylogger_directx.evtx
3	2020-07-07 21:51:39.204637	2020-07-07 21:51:39.262862	Credential Access/sysmon_2x10_lsass_with_different_pid_RtlCreateProcessReflection.evtx
2	2019-05-02 14:48:53.950750	2019-05-02 14:50:17.955524	Credential Access/sysmon_3_10_Invoke-Mimikatz_hosted_Github.evtx
4	2020-09-28 12:47:36.197943	2020-09-28 12:47:36.630448	Credential Access/sysmon_rdrleakdiag_lsass_dump.evtx
15	2021-12-07 17:33:01.397814	2021-12-07 17:33:08.723523	Credential Access/tutto_malseclogon.evtx
1	2019-03-19 23:34:25.894341	2019-03-19 23:34:25.894341	Defense Evasion/DE_104_system_log_cleared.evtx
112	2019-03-19 23:35:07.524202	2019-03-19 23:35:15.365477	Defense Evasion/DE_1102_security_log_cleared.evtx
6	2020-02-10 10:08:24.535095	2020-02-10 10:08:27.797398	Defense Evasion/DE_BYOV_Zam64_CA_Memdump_sysmon_7_10.evtx
4	2020-09-05 13:28:40.585462	2020-09-05 13:37:07.245322	Defense Evasion/DE_EventLog_Service_Crashed.evtx
2	2020-09-16 09:31:19.133272	2020-09-16 09:32:13.647155	Defense Evasion/DE_Fake_ComputerAccount_4720.evtx
6	2020-03-09 21:17:15.873127	2020-03-10 06:09:32.459951	Defense Evasion/DE_KernelDebug_and_TestSigning_ON_Security_4826.evtx
1	2019-05-16 13:10:13.760917	2019-05-16 13:10:13.760917	Defense Evasion/DE_Powershell_CLM_Disabled_Sysmon_12.evtx
4	2020-10-27 10:17:18.369342	2020-10-27 10:17:18.439555	Defense Evasion/DE_ProcessHerpaderping_Sysmon_11_10_1_7.evtx
3	2019-05-16 14:17:15.762708	2019-05-16 14:17:15.763712	Defense Evasion/DE_UAC_Disabled_Sysmon_12_13.evtx
6	2020-09-23 16:57:41.372630	2020-09-23 16:58:45.835955	Defense Evasion/DE_WinEventLogSvc_Crash_System_7036.evtx
11	2020-09-23 16:49:26.469588	2020-09-23 16:51:27.552994	Defense Evasion/DE_remote_eventlog_svc_crash_byt3bl33d3r_sysmon_17_1_3.evtx
11	2020-09-27 13:42:00.726775	2020-09-27 13:42:15.530783	Defense Evasion/DE_renamed_psexec_service_sysmon_17_18.evtx
8	2020-09-23 16:49:41.578692	2020-09-23 16:50:17.200140	Defense Evasion/DE_suspicious_remote_eventlog_svc_access_5145.evtx
4	2019-11-04 09:27:26.143064	2019-11-04 09:27:26.315066	Defense Evasion/DE_xp_cmdshell_enabled_MSSQL_EID_15457.evtx
8	2020-02-10 08:28:12.856363	2020-02-10 08:28:13.147582	Defense Evasion/DSE_bypass_BYOV_TDL_dummydriver_sysmon_6_7_13.evtx
64	2020-03-21 05:00:16.296125	2020-03-21 05:00:54.689567	Defense Evasion/Sysmon 7  Update Session Orchestrator Dll Hijack.evtx
13	2020-03-21 12:35:35.026859	2020-03-21 12:36:38.828939	Defense Evasion/Sysmon 7 dllhijack_cdpsshims_CDPSvc.evtx
1	2020-06-30 20:50:25.546713	2020-06-30 20:50:25.546713	Defense Evasion/Sysmon_10_Evasion_Suspicious_NtOpenProcess_CallTrace.evtx
3	2020-07-08 21:41:52.449709	2020-07-08 21:43:13.791715	Defense Evasion/Sysmon_12_DE_AntiForensics_MRU_DeleteKey.evtx
2	2019-08-14 14:06:44.495674	2019-08-14 14:06:44.849885	Defense Evasion/Win_4985_T1186_Process_Doppelganging.evtx
11	2019-05-26 04:01:42.385505	2019-05-26 04:01:47.082259	Defense Evasion/apt10_jjs_sideloading_prochollowing_persist_as_service_sysmon_1_7_8_13.evtx
2	2019-05-19 18:05:07.719920	2019-05-19 18:05:33.454295	Defense Evasion/de_PsScriptBlockLogging_disabled_sysmon12_13.evtx
1	2019-05-19 17:32:00.482982	2019-05-19 17:32:00.482982	Defense Evasion/de_hiding_files_via_attrib_cmdlet.evtx
3	2019-05-23 17:45:34.538296	2019-05-23 17:46:05.022129	Defense Evasion/de_portforward_netsh_rdp_sysmon_13_1.evtx
5	2019-05-24 15:38:21.485899	2019-05-24 15:38:58.569222	Defense Evasion/de_powershell_execpolicy_changed_sysmon_13.evtx
1	2019-05-15 04:18:40.474644	2019-05-15 04:18:40.474644	Defense Evasion/de_sysmon_13_VBA_Security_AccessVBOM.evtx
84	2019-05-18 17:16:08.348796	2019-05-18 17:16:18.833171	Defense Evasion/de_unmanagedpowershell_psinject_sysmon_7_8_10.evtx
4	2020-07-02 18:00:29.615842	2020-07-02 18:00:29.650453	Defense Evasion/evasion_codeinj_odzhan_conhost_sysmon_10_1.evtx
4	2020-07-02 17:51:37.819891	2020-07-02 17:51:37.872769	Defense Evasion/evasion_codeinj_odzhan_spoolsv_sysmon_10_1.evtx
10	2020-08-02 16:24:07.551366	2020-08-02 16:24:28.640990	Defense Evasion/faxhell_sysmon_7_1_18_3_bindshell_dllhijack.evtx
1	2019-04-30 07:26:34.133638	2019-04-30 07:26:34.133638	Defense Evasion/meterpreter_migrate_to_explorer_sysmon_8.evtx
1	2019-04-28 16:29:42.988125	2019-04-28 16:29:42.988125	Defense Evasion/process_suspend_sysmon_10_ga_800.evtx
7	2020-10-17 16:26:54.679582	2020-10-17 16:27:10.791010	Defense Evasion/sideloading_wwlib_sysmon_7_1_11.evtx
5	2020-03-21 21:45:04.908857	2020-03-21 21:45:16.765207	Defense Evasion/sysmon_10_1_ppid_spoofing.evtx
20	2019-03-17 20:17:44.537011	2019-03-17 20:23:12.188150	Defense Evasion/sysmon_13_rdp_settings_tampering.evtx
2	2019-04-30 10:12:45.583363	2019-04-30 10:13:42.052113	Defense Evasion/sysmon_2_11_evasion_timestomp_MACE.evtx
5	2023-01-24 11:52:02.155029	2023-01-24 11:54:42.899993	Discovery/4799_remote_local_groups_enumeration.evtx
20	2020-09-27 13:19:54.244384	2020-09-27 13:20:11.247614	Discovery/Discovery_Remote_System_NamedPipes_Sysmon_18.evtx
63	2019-03-18 23:23:37.147709	2019-03-18 23:24:20.960030	Discovery/dicovery_4661_net_group_domain_admins_target.evtx
1	2020-02-11 11:05:37.148401	2020-02-11 11:05:37.148401	Discovery/discovery_UEFI_Settings_rweverything_sysmon_6.evtx
10	2019-01-20 07:00:50.800225	2019-01-20 07:02:45.550112	Discovery/discovery_bloodhound.evtx
4	2019-05-14 17:42:52.833387	2019-05-14 17:43:03.888379	Discovery/discovery_enum_shares_target_sysmon_3_18.evtx
3	2019-08-05 09:24:56.740218	2019-08-05 09:25:03.867961	Discovery/discovery_local_user_or_group_windows_security_4799_4798.evtx
52	2019-04-30 07:22:56.571138	2019-04-30 07:23:00.930513	Discovery/discovery_meterpreter_ps_cmd_process_listing_sysmon_10.evtx
4	2019-01-20 07:29:57.863893	2019-01-20 07:30:10.660099	Discovery/discovery_psloggedon.evtx
1	2019-05-14 17:31:27.973399	2019-05-14 17:31:27.973399	Discovery/discovery_sysmon_18_Invoke_UserHunter_NetSessionEnum_DC-srvsvc.evtx
9	2019-05-14 17:17:26.440651	2019-05-14 17:17:38.250959	Discovery/discovery_sysmon_3_Invoke_UserHunter_SourceMachine.evtx
8	2019-04-30 22:48:58.901476	2019-04-30 22:52:27.588976	Execution/Exec_sysmon_meterpreter_reversetcp_msipackage.evtx
4	2019-07-18 21:50:20.049401	2019-08-23 11:17:00.483376	Execution/Exec_via_cpl_Application_Experience_EventID_17_ControlPanelApplet.evtx
2	2019-07-26 07:39:14.375565	2019-07-26 07:39:14.935857	Execution/Sysmon_Exec_CompiledHTML.evtx
13	2019-07-03 20:39:29.223483	2019-07-03 20:39:31.707858	Execution/Sysmon_meterpreter_ReflectivePEInjection_to_notepad_.evtx
3	2020-10-13 20:11:42.269224	2020-10-13 20:11:42.279861	Execution/evasion_execution_imageload_wuauclt_lolbas.evtx
2	2019-05-22 04:02:11.307031	2019-05-22 04:02:11.307031	Execution/exec_driveby_cve-2018-15982_sysmon_1_10.evtx
3	2019-05-23 17:26:08.716859	2019-05-23 17:26:09.437896	Execution/exec_msxsl_xsl_sysmon_1_7.evtx
8	2019-05-21 15:32:57.286254	2019-05-21 15:33:01.141798	Execution/exec_persist_rundll32_mshta_scheduledtask_sysmon_1_3_11.evtx
11	2019-05-12 13:30:32.931756	2019-05-12 13:38:01.383045	Execution/exec_sysmon_1_11_lolbin_rundll32_openurl_FileProtocolHandler.evtx
6	2019-05-12 13:55:56.626501	2019-05-12 13:57:39.662634	Execution/exec_sysmon_1_11_lolbin_rundll32_shdocvw_openurl.evtx
2	2019-05-12 13:58:39.850134	2019-05-12 13:58:54.897009	Execution/exec_sysmon_1_11_lolbin_rundll32_zipfldr_RouteTheCall.evtx
3	2019-05-18 17:50:36.858385	2019-05-18 17:51:14.254967	Execution/exec_sysmon_1_7_jscript9_defense_evasion.evtx
4	2019-05-12 17:20:01.980574	2019-05-12 17:20:49.458113	Execution/exec_sysmon_1_ftp.evtx
3	2019-05-12 17:01:43.391862	2019-05-12 17:01:51.007950	Execution/exec_sysmon_1_lolbin_pcalua.evtx
2	2019-05-12 18:48:52.219754	2019-05-12 18:48:52.766629	Execution/exec_sysmon_1_lolbin_renamed_regsvr32_scrobj.evtx
2	2019-05-12 14:18:03.589507	2019-05-12 14:18:09.589507	Execution/exec_sysmon_1_lolbin_rundll32_advpack_RegisterOCX.evtx
1	2019-05-12 17:09:02.275164	2019-05-12 17:09:02.275164	Execution/exec_sysmon_1_rundll32_pcwutl_LaunchApplication.evtx
3	2019-05-12 18:35:05.155949	2019-05-12 18:35:06.562199	Execution/exec_sysmon_lobin_regsvr32_sct.evtx
8	2019-05-23 16:48:35.487223	2019-05-23 16:50:44.582500	Execution/exec_wmic_xsl_internet_sysmon_3_1_11.evtx
29	2021-01-26 13:21:13.237481	2021-01-26 13:21:33.197967	Execution/execution_evasion_visual_studio_prebuild_event.evtx
4	2020-05-13 00:28:16.122541	2020-05-13 00:28:52.950089	Execution/revshell_cmd_svchost_sysmon_1.evtx
351	2019-03-19 13:05:42	2019-10-31 14:48:42	Execution/rogue_msi_url_1040_1042.evtx
3	2019-08-14 11:53:29.688460	2019-08-14 11:53:30.022856	Execution/susp_explorer_exec.evtx
10	2020-07-03 09:05:58.276333	2020-07-03 09:05:58.743573	Execution/susp_explorer_exec_root_cmdline_@rimpq_@CyberRaiju.evtx
3	2020-07-03 08:47:20.037922	2020-07-03 08:47:21.491108	Execution/sysmon_11_1_lolbas_downldr_desktopimgdownldr.evtx
5	2019-07-29 21:11:11.156704	2019-07-29 21:11:19.098105	Execution/sysmon_1_11_rundll32_cpl_ostap.evtx
17	2019-05-27 15:12:38.241298	2019-05-27 15:12:59.578070	Execution/sysmon_exec_from_vss_persistence.evtx
2	2019-08-14 12:17:14.614739	2019-08-14 12:17:14.893930	Execution/sysmon_lolbas_rundll32_zipfldr_routethecall_shell.evtx
6	2019-05-28 02:13:52.171928	2019-05-28 02:14:50.413631	Execution/sysmon_lolbin_bohops_vshadow_exec.evtx
3	2019-06-15 07:13:42.294109	2019-06-15 07:14:32.809734	Execution/sysmon_mshta_sharpshooter_stageless_meterpreter.evtx
5	2019-06-15 07:21:50.488634	2019-06-15 07:22:08.473009	Execution/sysmon_vbs_sharpshooter_stageless_meterpreter.evtx
8	2021-10-21 16:27:02.319552	2021-10-21 16:27:14.015783	Execution/sysmon_zipexec.evtx
2	2019-03-19 00:02:04.319945	2019-03-19 00:02:04.351252	Execution/temp_scheduled_task_4698_4699.evtx
5	2020-07-03 08:55:46.352339	2020-07-03 08:55:51.356259	Execution/windows_bits_4_59_60_lolbas desktopimgdownldr.evtx
21	2020-07-09 19:47:00.719124	2020-07-10 10:20:33.560542	Lateral Movement/DFIR_RDP_Client_TimeZone_RdpCoreTs_104_example.evtx
14	2021-04-20 20:32:55.368823	2021-04-20 20:33:20.254314	Lateral Movement/ImpersonateUser-via local Pass The Hash Sysmon and Security.evtx
6	2019-03-18 11:06:25.485214	2019-03-18 11:06:46.305152	Lateral Movement/LM_4624_mimikatz_sekurlsa_pth_source_machine.evtx
869	2019-03-18 14:23:22.134722	2019-03-18 14:24:10.063640	Lateral Movement/LM_5145_Remote_FileCopy.evtx
2	2019-05-14 01:29:04.306885	2019-05-14 01:29:05.534521	Lateral Movement/LM_DCOM_MSHTA_LethalHTA_Sysmon_3_1.evtx
2	2020-10-06 21:40:30.910085	2020-10-06 21:40:42.943536	Lateral Movement/LM_ImageLoad_NFSH_Sysmon_7.evtx
3	2020-10-13 23:06:02.889794	2020-10-13 23:06:02.889886	Lateral Movement/LM_NewShare_Added_Sysmon_12_13.evtx
1	2019-05-16 01:38:19.630865	2019-05-16 01:38:19.630865	Lateral Movement/LM_PowershellRemoting_sysmon_1_wsmprovhost.evtx
30	2019-02-16 17:54:26.956251	2019-02-16 18:19:18.522441	Lateral Movement/LM_REMCOM_5145_TargetHost.evtx
1	2019-03-19 00:41:28.961628	2019-03-19 00:41:28.961628	Lateral Movement/LM_Remote_Service01_5145_svcctl.evtx
3	2019-03-03 09:20:28.621489	2019-03-19 00:41:29.008933	Lateral Movement/LM_Remote_Service02_7045.evtx
34	2019-03-19 00:02:00.383090	2019-03-19 00:02:21.929554	Lateral Movement/LM_ScheduledTask_ATSVC_target_host.evtx
5	2019-03-18 11:27:00.438449	2019-03-18 11:27:23.271281	Lateral Movement/LM_WMIC_4648_rpcss.evtx
8	2019-03-18 22:15:36.036376	2019-03-18 22:16:19.989944	Lateral Movement/LM_WMI_4624_4688_TargetHost.evtx
1	2019-07-03 20:10:06.475561	2019-07-03 20:10:06.475561	Lateral Movement/LM_add_new_namedpipe_tp_nullsession_registry_turla_like_ttp.evtx
4	2020-02-28 22:35:55.910274	2020-02-28 22:36:08.666999	Lateral Movement/LM_dcom_shwnd_shbrwnd_mmc20_failed_traces_system_10016.evtx
9	2019-04-30 20:35:11.856089	2019-04-30 20:35:13.543589	Lateral Movement/LM_impacket_docmexec_mmc_sysmon_01.evtx
6	2020-10-06 22:11:17.572242	2020-10-06 22:11:18.930443	Lateral Movement/LM_regsvc_DirectoryServiceExtPt_Lsass_NTDS_AdamXpn.evtx
22	2019-01-19 12:57:09.530682	2019-01-19 13:00:10.711207	Lateral Movement/LM_renamed_psexecsvc_5145.evtx
9	2020-07-10 10:20:34.910334	2020-07-10 10:20:58.942506	Lateral Movement/LM_sysmon_1_12_13_3_tsclient_SharpRdp.evtx
38	2020-07-09 22:00:11.181381	2020-07-09 22:07:33.800208	Lateral Movement/LM_sysmon_3_12_13_1_SharpRDP.evtx
3	2019-05-14 00:29:52.744024	2019-05-14 00:32:36.775274	Lateral Movement/LM_sysmon_3_DCOM_ShellBrowserWindow_ShellWindows.evtx
10	2019-04-30 20:26:51.793589	2019-04-30 20:26:54.152964	Lateral Movement/LM_sysmon_psexec_smb_meterpreter.evtx
3	2020-12-15 15:00:07.957445	2020-12-15 15:00:15.695478	Lateral Movement/LM_sysmon_remote_task_src_powershell.evtx
4	2019-05-14 14:03:45.100850	2019-05-14 14:04:28.860777	Lateral Movement/LM_tsclient_startup_folder.evtx
4	2019-05-24 01:33:53.112486	2019-05-24 01:33:53.192601	Lateral Movement/LM_typical_IIS_webshell_sysmon_1_10_traces.evtx
3	2019-05-16 01:31:36.426870	2019-05-16 01:31:36.456891	Lateral Movement/LM_winrm_exec_sysmon_1_winrshost.evtx
1	2019-05-16 01:33:54.567896	2019-05-16 01:33:54.567896	Lateral Movement/LM_winrm_target_wrmlogs_91_wsmanShellStarted_poorLog.evtx
15	2020-01-14 20:44:46.414860	2020-01-14 20:48:45.293727	Lateral Movement/LM_wmi_PoisonHandler_Mr-Un1k0d3r_sysmon_1_13.evtx
7	2019-04-30 20:32:50.902964	2019-04-30 20:32:52.402964	Lateral Movement/LM_wmiexec_impacket_sysmon_whoami.evtx
21	2019-11-04 09:27:25.986622	2019-11-04 09:27:27.315012	Lateral Movement/LM_xp_cmdshell_MSSQL_Events.evtx
1	2020-08-03 08:11:51.057019	2020-08-03 08:11:51.057019	Lateral Movement/MSSQL_15281_xp_cmdshell_exec_failed_attempt.evtx
6	2019-05-20 15:54:31.706910	2019-05-20 15:54:32.564900	Lateral Movement/RemotePowerShell_MS_Windows-Remote_Management_EventID_169.evtx
40	2020-11-13 11:09:07.084053	2020-11-13 11:49:19.426467	Lateral Movement/dfir_rdpsharp_target_RdpCoreTs_168_68_131.evtx
2	2020-12-09 22:45:33.090853	2020-12-09 22:45:34.204489	Lateral Movement/lateral_movement_startup_3_11.evtx
4	2020-12-04 22:41:04.470207	2020-12-04 22:41:05.471967	Lateral Movement/lm_remote_registry_sysmon_1_13_3.evtx
7	2019-04-29 20:59:14.447313	2019-04-29 20:59:55.472171	Lateral Movement/lm_sysmon_18_remshell_over_namedpipe.evtx
2	2019-03-17 19:26:42.116688	2019-03-17 19:30:30.324836	Lateral Movement/net_share_drive_5142.evtx
9	2019-06-20 08:07:42.331810	2019-06-20 08:07:58.816185	Lateral Movement/powercat_revShell_sysmon_1_3.evtx
8	2020-09-02 11:47:39.499106	2020-09-02 11:47:57.263194	Lateral Movement/remote task update 4624 4702 same logonid.evtx
2	2020-08-27 11:40:56.397086	2020-08-27 11:40:56.625194	Lateral Movement/remote_file_copy_system_proc_file_write_sysmon_11.evtx
4	2020-01-23 19:09:34.052509	2020-01-23 19:09:34.660561	Lateral Movement/sharprdp_sysmon_7_mstscax.dll.evtx
2	2019-09-01 12:04:22.033684	2019-09-01 12:04:22.908023	Lateral Movement/smb_bi_auth_conn_spoolsample.evtx
27	2020-10-17 22:52:31.218452	2020-10-17 22:54:19.123210	Lateral Movement/smbmap_upload_exec_sysmon.evtx
1	2019-09-01 11:54:22.450677	2019-09-01 11:54:22.450677	Lateral Movement/spoolsample_5145.evtx
1	2019-11-03 13:51:58.263043	2019-11-03 13:51:58.263043	Lateral Movement/sysmon_1_exec_via_sql_xpcmdshell.evtx
13	2020-12-10 11:18:52.190496	2020-12-10 11:18:54.856311	Lateral Movement/wmi_remote_registry_sysmon.evtx
1	2020-08-26 05:09:28.845521	2020-08-26 05:09:28.845521	Other/emotet/exec_emotet_ps_4104.evtx
1	2020-08-26 05:09:33.349710	2020-08-26 05:09:33.349710	Other/emotet/exec_emotet_ps_800_get-item.evtx
1	2020-08-26 05:09:33.505877	2020-08-26 05:09:33.505877	Other/emotet/exec_emotet_ps_800_invoke-item.evtx
1	2020-08-26 05:09:29.083919	2020-08-26 05:09:29.083919	Other/emotet/exec_emotet_ps_800_new-item.evtx
1	2020-08-26 05:09:29.115150	2020-08-26 05:09:29.115150	Other/emotet/exec_emotet_ps_800_new-object.evtx
1	2020-08-26 05:09:33.504647	2020-08-26 05:09:33.504647	Other/emotet/exec_emotet_sysmon_1.evtx
11	2021-08-07 23:32:57.348250	2021-08-07 23:33:15.303423	Other/maldoc_mshta_via_shellbrowserwind_rundll32.evtx
733	2019-08-27 17:16:28.543877	2019-08-28 19:00:00.015667	Other/rdpcorets_148_mst120_bluekeep_rpdscan_full.evtx
28	2019-03-25 21:28:11.073626	2019-03-25 21:28:45.026630	Persistence/DACL_DCSync_Right_Powerview_ Add-DomainObjectAcl.evtx
2	2019-09-22 11:22:05.201727	2019-09-22 11:23:19.251925	Persistence/Network_Service_Guest_added_to_admins_4732.evtx
7	2019-03-19 17:06:22.938129	2019-03-19 20:58:31.749910	Persistence/Persistence_Shime_Microsoft-Windows-Application-Experience_Program-Telemetry_500.evtx
2	2019-08-23 12:37:37.100800	2019-08-23 12:37:38.521158	Persistence/Persistence_Winsock_Catalog Change EventId_1.evtx
1	2020-07-04 14:18:58.268712	2020-07-04 14:18:58.268712	Persistence/evasion_persis_hidden_run_keyvalue_sysmon_13.evtx
6	2019-05-12 18:02:05.215197	2019-05-13 14:50:59.405301	Persistence/persist_bitsadmin_Microsoft-Windows-Bits-Client-Operational.evtx
19	2019-05-21 00:35:07.308923	2019-05-21 00:36:14.747769	Persistence/persist_firefox_comhijack_sysmon_11_13_7_1.evtx
3	2019-05-21 01:10:05.290459	2019-05-21 01:10:52.468297	Persistence/persist_turla_outlook_backdoor_comhijack.evtx
4	2019-09-08 19:14:54.471523	2019-09-08 19:17:44.391389	Persistence/persist_valid_account_guest_rid_hijack.evtx
13	2019-06-19 17:22:37.897138	2019-06-19 17:23:11.694013	Persistence/persistence_SilentProcessExit_ImageHijack_sysmon_13_1.evtx
3	2019-05-16 16:08:30.516570	2019-05-16 16:08:40.360593	Persistence/persistence_accessibility_features_osk_sysmon1.evtx
1	2020-12-18 17:56:07.017817	2020-12-18 17:56:07.017817	Persistence/persistence_hidden_local_account_sysmon.evtx
4	2020-07-04 14:31:23.903600	2020-07-04 14:31:26.856657	Persistence/persistence_pendingGPO_sysmon_13.evtx
10	2019-05-08 03:00:11.778188	2019-05-08 03:00:37.624196	Persistence/persistence_security_dcshadow_4742.evtx
1	2019-05-28 23:09:38.589832	2019-05-28 23:09:38.589832	Persistence/persistence_startup_UserShellStartup_Folder_Changed_sysmon_13.evtx
237	2019-03-19 17:22:24.761163	2019-03-19 23:24:08.294533	Persistence/persistence_sysmon_11_13_1_shime_appfix.evtx
25	2019-06-14 22:22:17.988370	2019-06-14 22:23:53.358487	Persistence/sysmon_13_1_persistence_via_winlogon_shell.evtx
6	2019-05-13 18:02:49.160591	2019-05-13 18:05:18.692037	Persistence/sysmon_1_persist_bitsjob_SetNotifyCmdLine.evtx
1	2020-09-10 17:48:47.077612	2020-09-10 17:48:47.077612	Persistence/sysmon_1_smss_child_proc_bootexecute_setupexecute.evtx
17	2019-05-11 17:57:49.903159	2019-05-11 17:58:55.153159	Persistence/sysmon_20_21_1_CommandLineEventConsumer.evtx
17	2020-09-04 09:28:22.280329	2020-09-04 11:02:16.084931	Persistence/sysmon_local_account_creation_and_added_admingroup_12_13.evtx
4	2019-04-03 18:11:54.098352	2019-04-03 18:12:00.016862	Persistence/wmighost_sysmon_20_21_1.evtx
3	2019-11-15 08:19:02.298512	2019-11-15 08:19:17.134469	Privilege Escalation/4624 LT3 AnonymousLogon Localhost - JuicyPotato.evtx
3	2017-06-12 23:39:43.512986	2017-06-12 23:39:43.512986	Privilege Escalation/4765_sidhistory_add_t1178.evtx
4	2020-07-26 22:26:14.522570	2020-07-26 22:26:15.141778	Privilege Escalation/CVE-2020-0796_SMBV3Ghost_LocalPrivEsc_Sysmon_3_1_10.evtx
20	2021-08-22 19:33:38.725718	2021-08-22 19:33:52.931515	Privilege Escalation/EfsPotato_sysmon_17_18_privesc_seimpersonate_to_system.evtx
1	2019-08-05 09:39:30.697730	2019-08-05 09:39:30.697730	Privilege Escalation/Invoke_TokenDuplication_UAC_Bypass4624.evtx
11	2022-05-01 04:40:18.084003	2022-05-01 04:42:11.069064	Privilege Escalation/NTLM2SelfRelay-med0x2e-security_4624_4688.evtx
4	2020-07-30 14:06:52.015563	2020-07-30 14:06:52.015739	Privilege Escalation/PrivEsc_CVE-2020-1313_Sysmon_13_UScheduler_Cmdline.evtx
13	2020-05-10 00:09:36.635333	2020-05-10 00:11:20.824620	Privilege Escalation/PrivEsc_Imperson_NetSvc_to_Sys_Decoder_Sysmon_1_17_18.evtx
1	2020-08-02 16:24:07.558941	2020-08-02 16:24:07.558941	Privilege Escalation/PrivEsc_NetSvc_SessionToken_Retrival_via_localSMB_Auth_5145.evtx
2	2020-03-07 13:17:38.534995	2020-03-07 13:17:39.984540	Privilege Escalation/PrivEsc_SeImpersonatePriv_enabled_back_for_upnp_localsvc_4698.evtx
7	2020-05-24 01:13:47.756141	2020-05-24 01:13:54.120170	Privilege Escalation/RogueWinRM.evtx
3	2020-09-15 18:04:36.333991	2020-09-15 18:04:39.987123	Privilege Escalation/Runas_4624_4648_Webshell_CreateProcessAsUserA.evtx
5	2019-05-09 02:07:51.116072	2019-05-09 02:08:00.446150	Privilege Escalation/Sysmon_13_1_UACBypass_SDCLTBypass.evtx
6	2019-05-09 01:59:28.669022	2019-05-09 02:00:01.794022	Privilege Escalation/Sysmon_13_1_UAC_Bypass_EventVwrBypass.evtx
19	2019-08-03 12:08:13.636089	2019-08-03 12:08:55.408922	Privilege Escalation/Sysmon_UACME_22.evtx
8	2019-08-03 12:06:53.680435	2019-08-03 12:06:55.820406	Privilege Escalation/Sysmon_UACME_23.evtx
11	2019-08-03 11:23:15.364739	2019-08-03 11:23:18.824713	Privilege Escalation/Sysmon_UACME_30.evtx
8	2019-08-03 10:51:46.511813	2019-08-03 10:51:49.371552	Privilege Escalation/Sysmon_UACME_32.evtx
9	2019-08-03 10:14:02.589463	2019-08-03 10:14:08.799779	Privilege Escalation/Sysmon_UACME_33.evtx
6	2019-08-03 09:46:48.209718	2019-08-03 09:46:49.502370	Privilege Escalation/Sysmon_UACME_34.evtx
13	2019-08-03 12:32:34.577607	2019-08-03 12:32:49.525844	Privilege Escalation/Sysmon_UACME_36_FileCreate.evtx
7	2019-08-03 12:31:14.789735	2019-08-03 12:31:27.683759	Privilege Escalation/Sysmon_UACME_37_FileCreate.evtx
8	2019-08-03 13:50:26.614415	2019-08-03 13:50:29.461449	Privilege Escalation/Sysmon_UACME_38.evtx
7	2019-08-03 15:08:06.262500	2019-08-03 15:08:07.558917	Privilege Escalation/Sysmon_UACME_39.evtx
4	2019-08-03 15:16:30.389233	2019-08-03 15:16:31.875850	Privilege Escalation/Sysmon_UACME_41.evtx
5	2019-08-04 07:26:33.984754	2019-08-04 07:26:36.239723	Privilege Escalation/Sysmon_UACME_43.evtx
8	2019-08-04 08:56:16.228363	2019-08-04 08:56:22.267945	Privilege Escalation/Sysmon_UACME_45.evtx
14	2019-08-04 09:10:28.612995	2019-08-04 09:10:35.454961	Privilege Escalation/Sysmon_UACME_53.evtx
10	2019-08-04 09:33:57.582769	2019-08-04 09:34:01.014212	Privilege Escalation/Sysmon_UACME_54.evtx
15	2019-08-04 10:16:29.676336	2019-08-04 10:16:55.712009	Privilege Escalation/Sysmon_UACME_56.evtx
3	2020-10-05 22:28:20.530062	2020-10-05 22:28:20.721121	Privilege Escalation/Sysmon_UACME_63.evtx
530	2020-10-20 11:50:51.804638	2020-10-20 11:51:19.470522	Privilege Escalation/Sysmon_UACME_64.evtx
6	2020-05-12 15:06:49.019031	2020-05-12 15:06:49.447990	Privilege Escalation/Sysmon_uacme_58.evtx
1	2019-05-12 12:52:43.702578	2019-05-12 12:52:43.702578	Privilege Escalation/System_7045_namedpipe_privesc.evtx
7	2020-10-05 20:43:58.351744	2020-10-05 20:43:58.451314	Privilege Escalation/UACME_59_Sysmon.evtx
2	2020-05-07 13:13:01.683498	2020-05-07 13:13:02.481447	Privilege Escalation/UACME_61_Changepk.evtx
3	2020-10-01 18:35:02.415351	2020-10-01 18:35:02.775302	Privilege Escalation/eop_appcontainer_il_broker_filewrite.evtx
1	2022-04-25 22:17:47.058172	2022-04-25 22:17:47.058172	Privilege Escalation/privesc_KrbRelayUp_windows_4624.evtx
30	2020-08-25 09:58:51.434852	2020-08-25 10:09:27.988042	Privilege Escalation/privesc_registry_symlink_CVE-2020-1377.evtx
6	2020-05-11 23:21:56.493742	2020-05-11 23:22:26.650196	Privilege Escalation/privesc_roguepotato_sysmon_17_18.evtx
13	2019-05-26 15:47:56.667118	2019-05-26 15:48:01.864592	Privilege Escalation/privesc_rotten_potato_from_webshell_metasploit_sysmon_1_8_3.evtx
7	2020-05-02 18:01:52.553053	2020-05-02 18:01:57.418442	Privilege Escalation/privesc_seimpersonate_tosys_spoolsv_sysmon_17_18.evtx
4	2022-02-19 17:35:16.207004	2022-02-19 17:35:16.328564	Privilege Escalation/privesc_spoolfool_mahdihtm_sysmon_1_11_7_13.evtx
37	2020-08-12 13:04:27.419260	2020-08-12 13:06:08.143703	Privilege Escalation/privesc_spoolsv_spl_file_write_sysmon11.evtx
8	2020-11-26 10:44:49.642770	2020-11-26 10:45:24.216387	Privilege Escalation/privesc_sysmon_cve_20201030_spooler.evtx
87	2020-04-25 22:18:47.143475	2020-04-25 22:21:19.629630	Privilege Escalation/privesc_unquoted_svc_sysmon_1_11.evtx
8	2019-02-02 09:16:52.479004	2019-02-02 09:17:27.629830	Privilege Escalation/privexchange_dirkjan.evtx
18	2021-12-12 17:57:17.006377	2021-12-12 17:58:04.842263	Privilege Escalation/samaccount_spoofing_CVE-2021-42287_CVE-2021-42278_DC_securitylogs.evtx
14	2019-05-11 17:10:06.342445	2019-05-11 17:10:10.904945	Privilege Escalation/security_4624_4673_token_manip.evtx
15	2019-05-09 02:52:18.765888	2019-05-09 02:52:23.531513	Privilege Escalation/sysmon_11_1_15_WScriptBypassUAC.evtx
8	2019-05-10 13:49:29.586782	2019-05-10 13:49:45.387563	Privilege Escalation/sysmon_11_1_7_uacbypass_cliconfg.evtx
10	2019-07-27 22:43:41.424255	2019-07-27 22:43:43.016956	Privilege Escalation/sysmon_11_7_1_uacbypass_windirectory_mocking.evtx
5	2019-05-10 12:21:57.077543	2019-05-10 12:22:13.897461	Privilege Escalation/sysmon_13_1_12_11_perfmonUACBypass.evtx
4	2019-05-10 13:32:48.200716	2019-05-10 13:33:29.424885	Privilege Escalation/sysmon_13_1_compmgmtlauncherUACBypass.evtx
4	2019-04-30 07:46:15.199614	2019-04-30 07:46:15.246489	Privilege Escalation/sysmon_13_1_meterpreter_getsystem_NamedPipeImpersonation.evtx
6	2019-05-12 00:32:24.461387	2019-05-12 00:32:40.342246	Privilege Escalation/sysmon_1_11_exec_as_system_via_schedtask.evtx
5	2019-05-11 17:28:17.176430	2019-05-11 17:28:22.598305	Privilege Escalation/sysmon_1_13_11_cmstp_ini_uacbypass.evtx
3	2019-05-09 03:25:24.630445	2019-05-09 03:25:25.067945	Privilege Escalation/sysmon_1_13_UACBypass_AppPath_Control.evtx
9	2019-05-11 09:50:08.248990	2019-05-11 09:50:27.030880	Privilege Escalation/sysmon_1_7_11_mcx2prov_uacbypass.evtx
7	2019-05-11 16:46:10.125532	2019-05-11 16:46:26.203657	Privilege Escalation/sysmon_1_7_11_migwiz.evtx
7	2019-05-11 16:54:02.071391	2019-05-11 16:54:18.069438	Privilege Escalation/sysmon_1_7_11_sysprep_uacbypass.evtx
15	2019-05-14 02:32:48.290682	2019-05-14 02:32:51.831307	Privilege Escalation/sysmon_1_7_elevate_uacbypass_sysprep.evtx
3	2019-05-11 18:10:42.434409	2019-05-11 18:10:42.668784	Privilege Escalation/sysmon_privesc_from_admin_to_system_handle_inheritance.evtx
12	2020-12-09 16:52:28.252525	2020-12-09 16:53:23.462002	Privilege Escalation/sysmon_privesc_psexec_dwell.evtx
8	2020-11-26 17:38:11.138458	2020-11-26 17:38:11.655964	Privilege Escalation/sysmon_uacbypass_CDSSync_schtask_hijack_byeintegrity5.evtx
1	2019-08-14 12:48:15.921507	2019-08-14 12:48:15.921507	Privilege Escalation/win10_4703_SeDebugPrivilege_enabled.evtx
7	2020-10-05 20:43:58.351744	2020-10-05 20:43:58.451314	UACME_59_Sysmon.evtx
LIST
if [ "$read_logs" -eq 0 ]; then
	echo "SKIP: the copy of EVTX-ATTACK-SAMPLES holds none of the logs" >&2
	exit 77
fi
finish
