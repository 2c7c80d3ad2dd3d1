export { Tariff, type TariffInput } from './tariff';
export { quoteStay, quoteOverstay, type Quote, type QuoteOptions } from './quote';
