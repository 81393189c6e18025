/**
 * The `format` values this validator asserts: date-time and date (RFC 3339), email (RFC 5321
 * mailbox) and uri (RFC 3986 absolute URI). Other formats are annotations and always pass.
 */

export const CHECKED_FORMATS: Record<string, { label: string; test: (text: string) => boolean }> = {
	'date-time': { label: 'a date-time such as 2025-04-09T14:30:00Z (RFC 3339)', test: isDateTime },
	date: { label: 'a date such as 2025-04-09 (RFC 3339 full-date)', test: isDate },
	email: { label: 'an email address', test: isEmail },
	uri: { label: 'an absolute URI such as https://example.com/page', test: isUri },
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
	/^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function isDate(text: string): boolean {
	const match = DATE.exec(text);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const monthDays = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
	return month >= 1 && month <= 12 && day >= 1 && day <= monthDays[month - 1];
}

export function isDateTime(text: string): boolean {
	const match = DATE_TIME.exec(text);
	if (!match || !isDate(match[1])) return false;
	const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4])];
	const sign = match[5] === '-' ? -1 : 1;
	const [offsetHour, offsetMinute] = match[5] ? [Number(match[6]), Number(match[7])] : [0, 0];
	if (hour > 23 || minute > 59 || second > 60 || offsetHour > 23 || offsetMinute > 59) return false;
	if (second < 60) return true;
	// A leap second exists only at 23:59:60 UTC.
	const utcMinutes =
		(((hour * 60 + minute - sign * (offsetHour * 60 + offsetMinute)) % 1440) + 1440) % 1440;
	return utcMinutes === 23 * 60 + 59;
}

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^(?:${ATOM}(?:\\.${ATOM})*|"(?:[^"\\\\\\r\\n]|\\\\.)*")$`);
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);

export function isEmail(text: string): boolean {
	const at = text.lastIndexOf('@');
	if (at <= 0) return false;
	const [local, domain] = [text.slice(0, at), text.slice(at + 1)];
	if (!LOCAL_PART.test(local)) return false;
	if (domain.startsWith('[') && domain.endsWith(']')) {
		const literal = domain.slice(1, -1);
		return literal.startsWith('IPv6:') ? isIpv6(literal.slice(5)) : isIpv4(literal);
	}
	return domain.length <= 253 && HOST_NAME.test(domain);
}

export function isIpv4(text: string): boolean {
	const parts = text.split('.');
	return (
		parts.length === 4 &&
		parts.every((part) => /^(?:0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255)
	);
}

export function isIpv6(text: string): boolean {
	let address = text;
	// A trailing IPv4 part (::ffff:1.2.3.4) stands for the last two groups.
	const embeddedV4 = /(?:^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(address);
	if (embeddedV4) {
		if (!isIpv4(embeddedV4[1])) return false;
		address = `${address.slice(0, address.length - embeddedV4[1].length)}0:0`;
	}
	const halves = address.split('::');
	if (halves.length > 2) return false;
	const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
	if (!groups.flat().every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return false;
	const count = groups.flat().length;
	return halves.length === 2 ? count < 8 : count === 8;
}

// RFC 3986 character classes.
const PCT = '%[0-9A-Fa-f]{2}';
const UNRESERVED_SUB_DELIMS = "A-Za-z0-9\\-._~!$&'()*+,;=";
const PCHAR = `(?:[${UNRESERVED_SUB_DELIMS}:@]|${PCT})`;
const URI_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
const PATH = new RegExp(`^(?:${PCHAR}|/)*$`);
const QUERY_OR_FRAGMENT = new RegExp(`^(?:${PCHAR}|[/?])*$`);
const AUTHORITY = new RegExp(
	`^(?:((?:[${UNRESERVED_SUB_DELIMS}:]|${PCT})*)@)?(\\[[^\\]]*\\]|(?:[${UNRESERVED_SUB_DELIMS}]|${PCT})*)(?::(\\d*))?$`,
);
const IP_FUTURE = new RegExp(`^v[0-9A-Fa-f]+\\.[${UNRESERVED_SUB_DELIMS}:]+$`);

export function isUri(text: string): boolean {
	const match = URI_PARTS.exec(text);
	if (!match) return false;
	const [hierPart, query, fragment] = [match[2], match[3], match[4]];
	if (query !== undefined && !QUERY_OR_FRAGMENT.test(query)) return false;
	if (fragment !== undefined && !QUERY_OR_FRAGMENT.test(fragment)) return false;
	if (!hierPart.startsWith('//')) return PATH.test(hierPart);
	const slash = hierPart.indexOf('/', 2);
	const authority = slash < 0 ? hierPart.slice(2) : hierPart.slice(2, slash);
	const path = slash < 0 ? '' : hierPart.slice(slash);
	const parts = AUTHORITY.exec(authority);
	if (!parts || !PATH.test(path)) return false;
	const host = parts[2];
	if (!host.startsWith('[')) return true;
	const literal = host.slice(1, -1);
	return isIpv6(literal) || IP_FUTURE.test(literal);
}
