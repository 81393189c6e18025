'use strict';
// 302.AI's error envelope: {"error":{"err_code","message","message_cn","message_jp","type"}}.

/** Default texts for the err_codes 302.AI's own apps know (302-api.md §1.3). */
const KNOWN_CODES = {
	'-10001': ['Missing API key', '缺少 API Key', 'APIキーがありません', 'authentication_error'],
	'-10002': [
		'Invalid API key',
		'API Key 无效或已被删除',
		'APIキーが無効です',
		'authentication_error',
	],
	'-10003': ['Invalid request', '请求参数错误', 'リクエストが無効です', 'invalid_request_error'],
	'-10004': [
		'Insufficient account balance',
		'账户余额不足',
		'アカウント残高が不足しています',
		'billing_error',
	],
	'-10005': [
		'API key expired',
		'API Key 已过期',
		'APIキーの有効期限が切れています',
		'authentication_error',
	],
	'-10006': [
		'API key total quota reached',
		'API Key 总额度已用完',
		'APIキーの総額度に達しました',
		'quota_error',
	],
	'-10007': [
		'API key daily quota reached',
		'API Key 今日额度已用完',
		'APIキーの1日の額度に達しました',
		'quota_error',
	],
	'-10008': [
		'No available channel',
		'没有可用的渠道',
		'利用可能なチャネルがありません',
		'api_error',
	],
	'-10009': [
		'API function not supported',
		'不支持该 API 功能',
		'このAPI機能はサポートされていません',
		'api_error',
	],
	'-10012': [
		'Free tool hourly quota reached',
		'免费工具本小时额度已用完',
		'無料ツールの1時間あたりの額度に達しました',
		'quota_error',
	],
	'-10018': ['Monthly quota reached', '本月额度已用完', '今月の額度に達しました', 'quota_error'],
	'-1024': [
		'AI interface connection timeout',
		'AI 接口连接超时',
		'AIインターフェースの接続がタイムアウトしました',
		'api_error',
	],
};

/** A handler throws this to answer with the envelope. */
class ApiError extends Error {
	constructor(status, errCode, message, type) {
		super(message);
		this.status = status;
		this.errCode = errCode;
		this.type = type;
	}
}

function envelope(errCode, message, type) {
	const known = KNOWN_CODES[String(errCode)];
	const english = message ?? (known ? known[0] : `Error ${errCode}`);
	return {
		error: {
			err_code: errCode,
			message: english,
			// The real gateway translates; the simulator keeps the field names and adds the English detail.
			message_cn: known && message === undefined ? known[1] : english,
			message_jp: known && message === undefined ? known[2] : english,
			type: type ?? (known ? known[3] : 'api_error'),
		},
	};
}

const missingKey = () => new ApiError(401, -10001, 'Missing API key', 'authentication_error');
const invalidKey = () => new ApiError(401, -10002, 'Invalid API key', 'authentication_error');
/** 400 naming the field at fault (err_code -10003). */
const badField = (field, problem = 'is required') =>
	new ApiError(400, -10003, `Invalid parameter '${field}': ${problem}`, 'invalid_request_error');
const notFound = (what) => new ApiError(404, -10003, `${what} not found`, 'not_found_error');

/**
 * The message of anything thrown. Not `instanceof Error`: under Jest the simulator runs in a
 * sandboxed realm whose Error is not the one Node's own errors (fs, net) are made from.
 * @param {unknown} error
 */
function messageOf(error) {
	return typeof error === 'object' && error !== null && 'message' in error
		? String(error.message)
		: String(error);
}

module.exports = {
	ApiError,
	envelope,
	missingKey,
	invalidKey,
	badField,
	notFound,
	messageOf,
	KNOWN_CODES,
};
