/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $Number = $util.global.Number, $parseInt = $util.global.parseInt, $String = $util.global.String, $BigInt = $util.global.BigInt, $Boolean = $util.global.Boolean, $Array = $util.global.Array;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const devtape = $root.devtape = (() => {

    /**
     * Namespace devtape.
     * @exports devtape
     * @namespace
     */
    const devtape = {};

    devtape.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof devtape
         * @namespace
         */
        const v1 = {};

        v1.Event = (function() {

            /**
             * Properties of an Event.
             * @typedef {Object} devtape.v1.Event.$Properties
             * @property {number|null} [seq] Event seq
             * @property {number|null} [timeNs] Event timeNs
             * @property {devtape.v1.Agent.$Properties|null} [agent] Event agent
             * @property {devtape.v1.Source.$Properties|null} [source] Event source
             * @property {devtape.v1.MmioAccess.$Properties|null} [mmio] Event mmio
             * @property {devtape.v1.PortIoAccess.$Properties|null} [pio] Event pio
             * @property {devtape.v1.PciConfigAccess.$Properties|null} [pciConfig] Event pciConfig
             * @property {devtape.v1.MemoryAccess.$Properties|null} [memory] Event memory
             * @property {devtape.v1.Barrier.$Properties|null} [barrier] Event barrier
             * @property {devtape.v1.Interrupt.$Properties|null} [interrupt] Event interrupt
             * @property {devtape.v1.DeviceObservation.$Properties|null} [observation] Event observation
             * @property {devtape.v1.DeviceAttach.$Properties|null} [attach] Event attach
             * @property {devtape.v1.DeviceDetach.$Properties|null} [detach] Event detach
             * @property {devtape.v1.Machine.$Properties|null} [machine] Event machine
             * @property {devtape.v1.Marker.$Properties|null} [marker] Event marker
             * @property {"mmio"|"pio"|"pciConfig"|"memory"|"barrier"|"interrupt"|"observation"|"attach"|"detach"|"machine"|"marker"} [payload] Event payload
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Event.
             * @memberof devtape.v1
             * @interface IEvent
             * @augments devtape.v1.Event.$Properties
             * @deprecated Use devtape.v1.Event.$Properties instead.
             */

            /**
             * Narrowed shape of an Event.
             * @typedef {{
             *   seq?: number|null;
             *   timeNs?: number|null;
             *   agent?: devtape.v1.Agent.$Shape|null;
             *   source?: devtape.v1.Source.$Shape|null;
             *   mmio?: devtape.v1.MmioAccess.$Shape|null;
             *   pio?: devtape.v1.PortIoAccess.$Shape|null;
             *   pciConfig?: devtape.v1.PciConfigAccess.$Shape|null;
             *   memory?: devtape.v1.MemoryAccess.$Shape|null;
             *   barrier?: devtape.v1.Barrier.$Shape|null;
             *   interrupt?: devtape.v1.Interrupt.$Shape|null;
             *   observation?: devtape.v1.DeviceObservation.$Shape|null;
             *   attach?: devtape.v1.DeviceAttach.$Shape|null;
             *   detach?: devtape.v1.DeviceDetach.$Shape|null;
             *   machine?: devtape.v1.Machine.$Shape|null;
             *   marker?: devtape.v1.Marker.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ payload?: undefined; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "mmio"; mmio: devtape.v1.MmioAccess.$Shape; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "pio"; mmio?: null; pio: devtape.v1.PortIoAccess.$Shape; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "pciConfig"; mmio?: null; pio?: null; pciConfig: devtape.v1.PciConfigAccess.$Shape; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "memory"; mmio?: null; pio?: null; pciConfig?: null; memory: devtape.v1.MemoryAccess.$Shape; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "barrier"; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier: devtape.v1.Barrier.$Shape; interrupt?: null; observation?: null; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "interrupt"; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt: devtape.v1.Interrupt.$Shape; observation?: null; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "observation"; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation: devtape.v1.DeviceObservation.$Shape; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "attach"; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach: devtape.v1.DeviceAttach.$Shape; detach?: null; machine?: null; marker?: null }|{ payload?: "detach"; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach: devtape.v1.DeviceDetach.$Shape; machine?: null; marker?: null }|{ payload?: "machine"; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach?: null; machine: devtape.v1.Machine.$Shape; marker?: null }|{ payload?: "marker"; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach?: null; machine?: null; marker: devtape.v1.Marker.$Shape })
             * )} devtape.v1.Event.$Shape
             */

            /**
             * Constructs a new Event.
             * @memberof devtape.v1
             * @classdesc Represents an Event.
             * @constructor
             * @param {devtape.v1.Event.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Event = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Event seq.
             * @member {number} seq
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Event timeNs.
             * @member {number|null|undefined} timeNs
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.timeNs = null;

            /**
             * Event agent.
             * @member {devtape.v1.Agent.$Properties|null|undefined} agent
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.agent = null;

            /**
             * Event source.
             * @member {devtape.v1.Source.$Properties|null|undefined} source
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.source = null;

            /**
             * Event mmio.
             * @member {devtape.v1.MmioAccess.$Properties|null|undefined} mmio
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.mmio = null;

            /**
             * Event pio.
             * @member {devtape.v1.PortIoAccess.$Properties|null|undefined} pio
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.pio = null;

            /**
             * Event pciConfig.
             * @member {devtape.v1.PciConfigAccess.$Properties|null|undefined} pciConfig
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.pciConfig = null;

            /**
             * Event memory.
             * @member {devtape.v1.MemoryAccess.$Properties|null|undefined} memory
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.memory = null;

            /**
             * Event barrier.
             * @member {devtape.v1.Barrier.$Properties|null|undefined} barrier
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.barrier = null;

            /**
             * Event interrupt.
             * @member {devtape.v1.Interrupt.$Properties|null|undefined} interrupt
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.interrupt = null;

            /**
             * Event observation.
             * @member {devtape.v1.DeviceObservation.$Properties|null|undefined} observation
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.observation = null;

            /**
             * Event attach.
             * @member {devtape.v1.DeviceAttach.$Properties|null|undefined} attach
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.attach = null;

            /**
             * Event detach.
             * @member {devtape.v1.DeviceDetach.$Properties|null|undefined} detach
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.detach = null;

            /**
             * Event machine.
             * @member {devtape.v1.Machine.$Properties|null|undefined} machine
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.machine = null;

            /**
             * Event marker.
             * @member {devtape.v1.Marker.$Properties|null|undefined} marker
             * @memberof devtape.v1.Event
             * @instance
             */
            Event.prototype.marker = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(Event.prototype, "_timeNs", {
                get: $util.oneOfGetter($oneOfFields = ["timeNs"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Event payload.
             * @member {"mmio"|"pio"|"pciConfig"|"memory"|"barrier"|"interrupt"|"observation"|"attach"|"detach"|"machine"|"marker"|undefined} payload
             * @memberof devtape.v1.Event
             * @instance
             */
            $Object.defineProperty(Event.prototype, "payload", {
                get: $util.oneOfGetter($oneOfFields = ["mmio", "pio", "pciConfig", "memory", "barrier", "interrupt", "observation", "attach", "detach", "machine", "marker"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Event instance using the specified properties.
             * @function create
             * @memberof devtape.v1.Event
             * @static
             * @param {devtape.v1.Event.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.Event} Event instance
             * @type {{
             *   (properties: devtape.v1.Event.$Shape): devtape.v1.Event & devtape.v1.Event.$Shape;
             *   (properties?: devtape.v1.Event.$Properties): devtape.v1.Event;
             * }}
             */
            Event.create = function(properties) {
                return new Event(properties);
            };

            /**
             * Encodes the specified Event message. Does not implicitly {@link devtape.v1.Event.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.Event
             * @static
             * @param {devtape.v1.Event.$Properties} message Event message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Event.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
                if (message.timeNs != null && $Object.hasOwnProperty.call(message, "timeNs"))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.timeNs);
                if (message.agent != null && $Object.hasOwnProperty.call(message, "agent"))
                    $root.devtape.v1.Agent.encode(message.agent, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.source != null && $Object.hasOwnProperty.call(message, "source"))
                    $root.devtape.v1.Source.encode(message.source, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.mmio != null && $Object.hasOwnProperty.call(message, "mmio"))
                    $root.devtape.v1.MmioAccess.encode(message.mmio, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.pio != null && $Object.hasOwnProperty.call(message, "pio"))
                    $root.devtape.v1.PortIoAccess.encode(message.pio, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
                if (message.pciConfig != null && $Object.hasOwnProperty.call(message, "pciConfig"))
                    $root.devtape.v1.PciConfigAccess.encode(message.pciConfig, writer.uint32(/* id 12, wireType 2 =*/98).fork(), _depth + 1).ldelim();
                if (message.memory != null && $Object.hasOwnProperty.call(message, "memory"))
                    $root.devtape.v1.MemoryAccess.encode(message.memory, writer.uint32(/* id 13, wireType 2 =*/106).fork(), _depth + 1).ldelim();
                if (message.barrier != null && $Object.hasOwnProperty.call(message, "barrier"))
                    $root.devtape.v1.Barrier.encode(message.barrier, writer.uint32(/* id 14, wireType 2 =*/114).fork(), _depth + 1).ldelim();
                if (message.interrupt != null && $Object.hasOwnProperty.call(message, "interrupt"))
                    $root.devtape.v1.Interrupt.encode(message.interrupt, writer.uint32(/* id 15, wireType 2 =*/122).fork(), _depth + 1).ldelim();
                if (message.observation != null && $Object.hasOwnProperty.call(message, "observation"))
                    $root.devtape.v1.DeviceObservation.encode(message.observation, writer.uint32(/* id 16, wireType 2 =*/130).fork(), _depth + 1).ldelim();
                if (message.attach != null && $Object.hasOwnProperty.call(message, "attach"))
                    $root.devtape.v1.DeviceAttach.encode(message.attach, writer.uint32(/* id 17, wireType 2 =*/138).fork(), _depth + 1).ldelim();
                if (message.detach != null && $Object.hasOwnProperty.call(message, "detach"))
                    $root.devtape.v1.DeviceDetach.encode(message.detach, writer.uint32(/* id 18, wireType 2 =*/146).fork(), _depth + 1).ldelim();
                if (message.machine != null && $Object.hasOwnProperty.call(message, "machine"))
                    $root.devtape.v1.Machine.encode(message.machine, writer.uint32(/* id 19, wireType 2 =*/154).fork(), _depth + 1).ldelim();
                if (message.marker != null && $Object.hasOwnProperty.call(message, "marker"))
                    $root.devtape.v1.Marker.encode(message.marker, writer.uint32(/* id 20, wireType 2 =*/162).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Event message, length delimited. Does not implicitly {@link devtape.v1.Event.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.Event
             * @static
             * @param {devtape.v1.Event.$Properties} message Event message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Event.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Event message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.Event
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.Event & devtape.v1.Event.$Shape} Event
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Event.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.Event();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.timeNs = reader.uint64();
                            message._timeNs = "timeNs";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.agent = $root.devtape.v1.Agent.decode(reader, reader.size(), $undefined, _depth + 1, message.agent);
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.source = $root.devtape.v1.Source.decode(reader, reader.size(), $undefined, _depth + 1, message.source);
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.mmio = $root.devtape.v1.MmioAccess.decode(reader, reader.size(), $undefined, _depth + 1, message.mmio);
                            message.payload = "mmio";
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            message.pio = $root.devtape.v1.PortIoAccess.decode(reader, reader.size(), $undefined, _depth + 1, message.pio);
                            message.payload = "pio";
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            message.pciConfig = $root.devtape.v1.PciConfigAccess.decode(reader, reader.size(), $undefined, _depth + 1, message.pciConfig);
                            message.payload = "pciConfig";
                            continue;
                        }
                    case 13: {
                            if (wireType !== 2)
                                break;
                            message.memory = $root.devtape.v1.MemoryAccess.decode(reader, reader.size(), $undefined, _depth + 1, message.memory);
                            message.payload = "memory";
                            continue;
                        }
                    case 14: {
                            if (wireType !== 2)
                                break;
                            message.barrier = $root.devtape.v1.Barrier.decode(reader, reader.size(), $undefined, _depth + 1, message.barrier);
                            message.payload = "barrier";
                            continue;
                        }
                    case 15: {
                            if (wireType !== 2)
                                break;
                            message.interrupt = $root.devtape.v1.Interrupt.decode(reader, reader.size(), $undefined, _depth + 1, message.interrupt);
                            message.payload = "interrupt";
                            continue;
                        }
                    case 16: {
                            if (wireType !== 2)
                                break;
                            message.observation = $root.devtape.v1.DeviceObservation.decode(reader, reader.size(), $undefined, _depth + 1, message.observation);
                            message.payload = "observation";
                            continue;
                        }
                    case 17: {
                            if (wireType !== 2)
                                break;
                            message.attach = $root.devtape.v1.DeviceAttach.decode(reader, reader.size(), $undefined, _depth + 1, message.attach);
                            message.payload = "attach";
                            continue;
                        }
                    case 18: {
                            if (wireType !== 2)
                                break;
                            message.detach = $root.devtape.v1.DeviceDetach.decode(reader, reader.size(), $undefined, _depth + 1, message.detach);
                            message.payload = "detach";
                            continue;
                        }
                    case 19: {
                            if (wireType !== 2)
                                break;
                            message.machine = $root.devtape.v1.Machine.decode(reader, reader.size(), $undefined, _depth + 1, message.machine);
                            message.payload = "machine";
                            continue;
                        }
                    case 20: {
                            if (wireType !== 2)
                                break;
                            message.marker = $root.devtape.v1.Marker.decode(reader, reader.size(), $undefined, _depth + 1, message.marker);
                            message.payload = "marker";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an Event message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.Event
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.Event & devtape.v1.Event.$Shape} Event
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Event.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an Event message.
             * @function verify
             * @memberof devtape.v1.Event
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Event.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                        return "seq: integer|Long expected";
                if (message.timeNs != null && $Object.hasOwnProperty.call(message, "timeNs")) {
                    properties._timeNs = 1;
                    if (!$util.isInteger(message.timeNs) && !(message.timeNs && $util.isInteger(message.timeNs.low) && $util.isInteger(message.timeNs.high)))
                        return "timeNs: integer|Long expected";
                }
                if (message.agent != null && $Object.hasOwnProperty.call(message, "agent")) {
                    let error = $root.devtape.v1.Agent.verify(message.agent, _depth + 1);
                    if (error)
                        return "agent." + error;
                }
                if (message.source != null && $Object.hasOwnProperty.call(message, "source")) {
                    let error = $root.devtape.v1.Source.verify(message.source, _depth + 1);
                    if (error)
                        return "source." + error;
                }
                if (message.mmio != null && $Object.hasOwnProperty.call(message, "mmio")) {
                    properties.payload = 1;
                    {
                        let error = $root.devtape.v1.MmioAccess.verify(message.mmio, _depth + 1);
                        if (error)
                            return "mmio." + error;
                    }
                }
                if (message.pio != null && $Object.hasOwnProperty.call(message, "pio")) {
                    if (properties.payload === 1)
                        return "payload: multiple values";
                    properties.payload = 1;
                    {
                        let error = $root.devtape.v1.PortIoAccess.verify(message.pio, _depth + 1);
                        if (error)
                            return "pio." + error;
                    }
                }
                if (message.pciConfig != null && $Object.hasOwnProperty.call(message, "pciConfig")) {
                    if (properties.payload === 1)
                        return "payload: multiple values";
                    properties.payload = 1;
                    {
                        let error = $root.devtape.v1.PciConfigAccess.verify(message.pciConfig, _depth + 1);
                        if (error)
                            return "pciConfig." + error;
                    }
                }
                if (message.memory != null && $Object.hasOwnProperty.call(message, "memory")) {
                    if (properties.payload === 1)
                        return "payload: multiple values";
                    properties.payload = 1;
                    {
                        let error = $root.devtape.v1.MemoryAccess.verify(message.memory, _depth + 1);
                        if (error)
                            return "memory." + error;
                    }
                }
                if (message.barrier != null && $Object.hasOwnProperty.call(message, "barrier")) {
                    if (properties.payload === 1)
                        return "payload: multiple values";
                    properties.payload = 1;
                    {
                        let error = $root.devtape.v1.Barrier.verify(message.barrier, _depth + 1);
                        if (error)
                            return "barrier." + error;
                    }
                }
                if (message.interrupt != null && $Object.hasOwnProperty.call(message, "interrupt")) {
                    if (properties.payload === 1)
                        return "payload: multiple values";
                    properties.payload = 1;
                    {
                        let error = $root.devtape.v1.Interrupt.verify(message.interrupt, _depth + 1);
                        if (error)
                            return "interrupt." + error;
                    }
                }
                if (message.observation != null && $Object.hasOwnProperty.call(message, "observation")) {
                    if (properties.payload === 1)
                        return "payload: multiple values";
                    properties.payload = 1;
                    {
                        let error = $root.devtape.v1.DeviceObservation.verify(message.observation, _depth + 1);
                        if (error)
                            return "observation." + error;
                    }
                }
                if (message.attach != null && $Object.hasOwnProperty.call(message, "attach")) {
                    if (properties.payload === 1)
                        return "payload: multiple values";
                    properties.payload = 1;
                    {
                        let error = $root.devtape.v1.DeviceAttach.verify(message.attach, _depth + 1);
                        if (error)
                            return "attach." + error;
                    }
                }
                if (message.detach != null && $Object.hasOwnProperty.call(message, "detach")) {
                    if (properties.payload === 1)
                        return "payload: multiple values";
                    properties.payload = 1;
                    {
                        let error = $root.devtape.v1.DeviceDetach.verify(message.detach, _depth + 1);
                        if (error)
                            return "detach." + error;
                    }
                }
                if (message.machine != null && $Object.hasOwnProperty.call(message, "machine")) {
                    if (properties.payload === 1)
                        return "payload: multiple values";
                    properties.payload = 1;
                    {
                        let error = $root.devtape.v1.Machine.verify(message.machine, _depth + 1);
                        if (error)
                            return "machine." + error;
                    }
                }
                if (message.marker != null && $Object.hasOwnProperty.call(message, "marker")) {
                    if (properties.payload === 1)
                        return "payload: multiple values";
                    properties.payload = 1;
                    {
                        let error = $root.devtape.v1.Marker.verify(message.marker, _depth + 1);
                        if (error)
                            return "marker." + error;
                    }
                }
                return null;
            };

            /**
             * Creates an Event message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.Event
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.Event} Event
             */
            Event.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.Event)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.Event: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.Event();
                if (object.seq != null)
                    if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                        if ($util.Long)
                            message.seq = $util.Long.fromValue(object.seq, true);
                        else if (typeof object.seq === "string")
                            message.seq = $parseInt(object.seq, 10);
                        else if (typeof object.seq === "number")
                            message.seq = object.seq;
                        else if (typeof object.seq === "object")
                            message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
                if (object.timeNs != null)
                    if ($util.Long)
                        message.timeNs = $util.Long.fromValue(object.timeNs, true);
                    else if (typeof object.timeNs === "string")
                        message.timeNs = $parseInt(object.timeNs, 10);
                    else if (typeof object.timeNs === "number")
                        message.timeNs = object.timeNs;
                    else if (typeof object.timeNs === "object")
                        message.timeNs = new $util.LongBits(object.timeNs.low >>> 0, object.timeNs.high >>> 0).toNumber(true);
                if (object.agent != null) {
                    if (!$util.isObject(object.agent))
                        throw $TypeError(".devtape.v1.Event.agent: object expected");
                    message.agent = $root.devtape.v1.Agent.fromObject(object.agent, _depth + 1);
                }
                if (object.source != null) {
                    if (!$util.isObject(object.source))
                        throw $TypeError(".devtape.v1.Event.source: object expected");
                    message.source = $root.devtape.v1.Source.fromObject(object.source, _depth + 1);
                }
                if (object.mmio != null) {
                    if (!$util.isObject(object.mmio))
                        throw $TypeError(".devtape.v1.Event.mmio: object expected");
                    message.mmio = $root.devtape.v1.MmioAccess.fromObject(object.mmio, _depth + 1);
                }
                if (object.pio != null) {
                    if (!$util.isObject(object.pio))
                        throw $TypeError(".devtape.v1.Event.pio: object expected");
                    message.pio = $root.devtape.v1.PortIoAccess.fromObject(object.pio, _depth + 1);
                }
                if (object.pciConfig != null) {
                    if (!$util.isObject(object.pciConfig))
                        throw $TypeError(".devtape.v1.Event.pciConfig: object expected");
                    message.pciConfig = $root.devtape.v1.PciConfigAccess.fromObject(object.pciConfig, _depth + 1);
                }
                if (object.memory != null) {
                    if (!$util.isObject(object.memory))
                        throw $TypeError(".devtape.v1.Event.memory: object expected");
                    message.memory = $root.devtape.v1.MemoryAccess.fromObject(object.memory, _depth + 1);
                }
                if (object.barrier != null) {
                    if (!$util.isObject(object.barrier))
                        throw $TypeError(".devtape.v1.Event.barrier: object expected");
                    message.barrier = $root.devtape.v1.Barrier.fromObject(object.barrier, _depth + 1);
                }
                if (object.interrupt != null) {
                    if (!$util.isObject(object.interrupt))
                        throw $TypeError(".devtape.v1.Event.interrupt: object expected");
                    message.interrupt = $root.devtape.v1.Interrupt.fromObject(object.interrupt, _depth + 1);
                }
                if (object.observation != null) {
                    if (!$util.isObject(object.observation))
                        throw $TypeError(".devtape.v1.Event.observation: object expected");
                    message.observation = $root.devtape.v1.DeviceObservation.fromObject(object.observation, _depth + 1);
                }
                if (object.attach != null) {
                    if (!$util.isObject(object.attach))
                        throw $TypeError(".devtape.v1.Event.attach: object expected");
                    message.attach = $root.devtape.v1.DeviceAttach.fromObject(object.attach, _depth + 1);
                }
                if (object.detach != null) {
                    if (!$util.isObject(object.detach))
                        throw $TypeError(".devtape.v1.Event.detach: object expected");
                    message.detach = $root.devtape.v1.DeviceDetach.fromObject(object.detach, _depth + 1);
                }
                if (object.machine != null) {
                    if (!$util.isObject(object.machine))
                        throw $TypeError(".devtape.v1.Event.machine: object expected");
                    message.machine = $root.devtape.v1.Machine.fromObject(object.machine, _depth + 1);
                }
                if (object.marker != null) {
                    if (!$util.isObject(object.marker))
                        throw $TypeError(".devtape.v1.Event.marker: object expected");
                    message.marker = $root.devtape.v1.Marker.fromObject(object.marker, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from an Event message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.Event
             * @static
             * @param {devtape.v1.Event} message Event
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Event.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.agent = null;
                    object.source = null;
                }
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                    else if (typeof message.seq === "number")
                        object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                    else
                        object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
                if (message.timeNs != null && $Object.hasOwnProperty.call(message, "timeNs"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.timeNs = typeof message.timeNs === "number" ? $BigInt(message.timeNs) : $util.Long.fromBits(message.timeNs.low >>> 0, message.timeNs.high >>> 0, true).toBigInt();
                    else if (typeof message.timeNs === "number")
                        object.timeNs = options.longs === $String ? $String(message.timeNs) : message.timeNs;
                    else
                        object.timeNs = options.longs === $String ? $util.Long.prototype.toString.call(message.timeNs) : options.longs === $Number ? new $util.LongBits(message.timeNs.low >>> 0, message.timeNs.high >>> 0).toNumber(true) : message.timeNs;
                if (message.agent != null && $Object.hasOwnProperty.call(message, "agent"))
                    object.agent = $root.devtape.v1.Agent.toObject(message.agent, options, _depth + 1);
                if (message.source != null && $Object.hasOwnProperty.call(message, "source"))
                    object.source = $root.devtape.v1.Source.toObject(message.source, options, _depth + 1);
                if (message.mmio != null && $Object.hasOwnProperty.call(message, "mmio")) {
                    object.mmio = $root.devtape.v1.MmioAccess.toObject(message.mmio, options, _depth + 1);
                    if (options.oneofs)
                        object.payload = "mmio";
                }
                if (message.pio != null && $Object.hasOwnProperty.call(message, "pio")) {
                    object.pio = $root.devtape.v1.PortIoAccess.toObject(message.pio, options, _depth + 1);
                    if (options.oneofs)
                        object.payload = "pio";
                }
                if (message.pciConfig != null && $Object.hasOwnProperty.call(message, "pciConfig")) {
                    object.pciConfig = $root.devtape.v1.PciConfigAccess.toObject(message.pciConfig, options, _depth + 1);
                    if (options.oneofs)
                        object.payload = "pciConfig";
                }
                if (message.memory != null && $Object.hasOwnProperty.call(message, "memory")) {
                    object.memory = $root.devtape.v1.MemoryAccess.toObject(message.memory, options, _depth + 1);
                    if (options.oneofs)
                        object.payload = "memory";
                }
                if (message.barrier != null && $Object.hasOwnProperty.call(message, "barrier")) {
                    object.barrier = $root.devtape.v1.Barrier.toObject(message.barrier, options, _depth + 1);
                    if (options.oneofs)
                        object.payload = "barrier";
                }
                if (message.interrupt != null && $Object.hasOwnProperty.call(message, "interrupt")) {
                    object.interrupt = $root.devtape.v1.Interrupt.toObject(message.interrupt, options, _depth + 1);
                    if (options.oneofs)
                        object.payload = "interrupt";
                }
                if (message.observation != null && $Object.hasOwnProperty.call(message, "observation")) {
                    object.observation = $root.devtape.v1.DeviceObservation.toObject(message.observation, options, _depth + 1);
                    if (options.oneofs)
                        object.payload = "observation";
                }
                if (message.attach != null && $Object.hasOwnProperty.call(message, "attach")) {
                    object.attach = $root.devtape.v1.DeviceAttach.toObject(message.attach, options, _depth + 1);
                    if (options.oneofs)
                        object.payload = "attach";
                }
                if (message.detach != null && $Object.hasOwnProperty.call(message, "detach")) {
                    object.detach = $root.devtape.v1.DeviceDetach.toObject(message.detach, options, _depth + 1);
                    if (options.oneofs)
                        object.payload = "detach";
                }
                if (message.machine != null && $Object.hasOwnProperty.call(message, "machine")) {
                    object.machine = $root.devtape.v1.Machine.toObject(message.machine, options, _depth + 1);
                    if (options.oneofs)
                        object.payload = "machine";
                }
                if (message.marker != null && $Object.hasOwnProperty.call(message, "marker")) {
                    object.marker = $root.devtape.v1.Marker.toObject(message.marker, options, _depth + 1);
                    if (options.oneofs)
                        object.payload = "marker";
                }
                return object;
            };

            /**
             * Converts this Event to JSON.
             * @function toJSON
             * @memberof devtape.v1.Event
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Event.prototype.toJSON = function() {
                return Event.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Event
             * @function getTypeUrl
             * @memberof devtape.v1.Event
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Event.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.Event";
            };

            return Event;
        })();

        v1.Agent = (function() {

            /**
             * Properties of an Agent.
             * @typedef {Object} devtape.v1.Agent.$Properties
             * @property {number|null} [cpu] Agent cpu
             * @property {string|null} [device] Agent device
             * @property {boolean|null} [host] Agent host
             * @property {"cpu"|"device"|"host"} [who] Agent who
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Agent.
             * @memberof devtape.v1
             * @interface IAgent
             * @augments devtape.v1.Agent.$Properties
             * @deprecated Use devtape.v1.Agent.$Properties instead.
             */

            /**
             * Narrowed shape of an Agent.
             * @typedef {{
             *   cpu?: number|null;
             *   device?: string|null;
             *   host?: boolean|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ who?: undefined; cpu?: null; device?: null; host?: null }|{ who?: "cpu"; cpu: number; device?: null; host?: null }|{ who?: "device"; cpu?: null; device: string; host?: null }|{ who?: "host"; cpu?: null; device?: null; host: boolean })
             * )} devtape.v1.Agent.$Shape
             */

            /**
             * Constructs a new Agent.
             * @memberof devtape.v1
             * @classdesc Represents an Agent.
             * @constructor
             * @param {devtape.v1.Agent.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Agent = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Agent cpu.
             * @member {number|null|undefined} cpu
             * @memberof devtape.v1.Agent
             * @instance
             */
            Agent.prototype.cpu = null;

            /**
             * Agent device.
             * @member {string|null|undefined} device
             * @memberof devtape.v1.Agent
             * @instance
             */
            Agent.prototype.device = null;

            /**
             * Agent host.
             * @member {boolean|null|undefined} host
             * @memberof devtape.v1.Agent
             * @instance
             */
            Agent.prototype.host = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * Agent who.
             * @member {"cpu"|"device"|"host"|undefined} who
             * @memberof devtape.v1.Agent
             * @instance
             */
            $Object.defineProperty(Agent.prototype, "who", {
                get: $util.oneOfGetter($oneOfFields = ["cpu", "device", "host"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Agent instance using the specified properties.
             * @function create
             * @memberof devtape.v1.Agent
             * @static
             * @param {devtape.v1.Agent.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.Agent} Agent instance
             * @type {{
             *   (properties: devtape.v1.Agent.$Shape): devtape.v1.Agent & devtape.v1.Agent.$Shape;
             *   (properties?: devtape.v1.Agent.$Properties): devtape.v1.Agent;
             * }}
             */
            Agent.create = function(properties) {
                return new Agent(properties);
            };

            /**
             * Encodes the specified Agent message. Does not implicitly {@link devtape.v1.Agent.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.Agent
             * @static
             * @param {devtape.v1.Agent.$Properties} message Agent message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Agent.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.cpu != null && $Object.hasOwnProperty.call(message, "cpu"))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.cpu);
                if (message.device != null && $Object.hasOwnProperty.call(message, "device"))
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.device);
                if (message.host != null && $Object.hasOwnProperty.call(message, "host"))
                    writer.uint32(/* id 3, wireType 0 =*/24).bool(message.host);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Agent message, length delimited. Does not implicitly {@link devtape.v1.Agent.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.Agent
             * @static
             * @param {devtape.v1.Agent.$Properties} message Agent message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Agent.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Agent message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.Agent
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.Agent & devtape.v1.Agent.$Shape} Agent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Agent.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.Agent();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.cpu = reader.uint32();
                            message.who = "cpu";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.device = reader.stringVerify();
                            message.who = "device";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.host = reader.bool();
                            message.who = "host";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an Agent message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.Agent
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.Agent & devtape.v1.Agent.$Shape} Agent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Agent.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an Agent message.
             * @function verify
             * @memberof devtape.v1.Agent
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Agent.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.cpu != null && $Object.hasOwnProperty.call(message, "cpu")) {
                    properties.who = 1;
                    if (!$util.isInteger(message.cpu))
                        return "cpu: integer expected";
                }
                if (message.device != null && $Object.hasOwnProperty.call(message, "device")) {
                    if (properties.who === 1)
                        return "who: multiple values";
                    properties.who = 1;
                    if (!$util.isString(message.device))
                        return "device: string expected";
                }
                if (message.host != null && $Object.hasOwnProperty.call(message, "host")) {
                    if (properties.who === 1)
                        return "who: multiple values";
                    properties.who = 1;
                    if (typeof message.host !== "boolean")
                        return "host: boolean expected";
                }
                return null;
            };

            /**
             * Creates an Agent message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.Agent
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.Agent} Agent
             */
            Agent.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.Agent)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.Agent: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.Agent();
                if (object.cpu != null)
                    message.cpu = object.cpu >>> 0;
                if (object.device != null)
                    message.device = $String(object.device);
                if (object.host != null)
                    message.host = $Boolean(object.host);
                return message;
            };

            /**
             * Creates a plain object from an Agent message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.Agent
             * @static
             * @param {devtape.v1.Agent} message Agent
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Agent.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (message.cpu != null && $Object.hasOwnProperty.call(message, "cpu")) {
                    object.cpu = message.cpu;
                    if (options.oneofs)
                        object.who = "cpu";
                }
                if (message.device != null && $Object.hasOwnProperty.call(message, "device")) {
                    object.device = message.device;
                    if (options.oneofs)
                        object.who = "device";
                }
                if (message.host != null && $Object.hasOwnProperty.call(message, "host")) {
                    object.host = message.host;
                    if (options.oneofs)
                        object.who = "host";
                }
                return object;
            };

            /**
             * Converts this Agent to JSON.
             * @function toJSON
             * @memberof devtape.v1.Agent
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Agent.prototype.toJSON = function() {
                return Agent.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Agent
             * @function getTypeUrl
             * @memberof devtape.v1.Agent
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Agent.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.Agent";
            };

            return Agent;
        })();

        v1.Source = (function() {

            /**
             * Properties of a Source.
             * @typedef {Object} devtape.v1.Source.$Properties
             * @property {number|null} [file] Source file
             * @property {number|null} [line] Source line
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Source.
             * @memberof devtape.v1
             * @interface ISource
             * @augments devtape.v1.Source.$Properties
             * @deprecated Use devtape.v1.Source.$Properties instead.
             */

            /**
             * Shape of a Source.
             * @typedef {devtape.v1.Source.$Properties} devtape.v1.Source.$Shape
             */

            /**
             * Constructs a new Source.
             * @memberof devtape.v1
             * @classdesc Represents a Source.
             * @constructor
             * @param {devtape.v1.Source.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Source = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Source file.
             * @member {number} file
             * @memberof devtape.v1.Source
             * @instance
             */
            Source.prototype.file = 0;

            /**
             * Source line.
             * @member {number} line
             * @memberof devtape.v1.Source
             * @instance
             */
            Source.prototype.line = 0;

            /**
             * Creates a new Source instance using the specified properties.
             * @function create
             * @memberof devtape.v1.Source
             * @static
             * @param {devtape.v1.Source.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.Source} Source instance
             * @type {{
             *   (properties: devtape.v1.Source.$Shape): devtape.v1.Source & devtape.v1.Source.$Shape;
             *   (properties?: devtape.v1.Source.$Properties): devtape.v1.Source;
             * }}
             */
            Source.create = function(properties) {
                return new Source(properties);
            };

            /**
             * Encodes the specified Source message. Does not implicitly {@link devtape.v1.Source.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.Source
             * @static
             * @param {devtape.v1.Source.$Properties} message Source message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Source.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.file != null && $Object.hasOwnProperty.call(message, "file") && message.file !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.file);
                if (message.line != null && $Object.hasOwnProperty.call(message, "line") && message.line !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.line);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Source message, length delimited. Does not implicitly {@link devtape.v1.Source.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.Source
             * @static
             * @param {devtape.v1.Source.$Properties} message Source message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Source.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Source message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.Source
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.Source & devtape.v1.Source.$Shape} Source
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Source.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.Source();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.file = value;
                            else
                                delete message.file;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.line = value;
                            else
                                delete message.line;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a Source message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.Source
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.Source & devtape.v1.Source.$Shape} Source
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Source.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Source message.
             * @function verify
             * @memberof devtape.v1.Source
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Source.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.file != null && $Object.hasOwnProperty.call(message, "file"))
                    if (!$util.isInteger(message.file))
                        return "file: integer expected";
                if (message.line != null && $Object.hasOwnProperty.call(message, "line"))
                    if (!$util.isInteger(message.line))
                        return "line: integer expected";
                return null;
            };

            /**
             * Creates a Source message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.Source
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.Source} Source
             */
            Source.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.Source)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.Source: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.Source();
                if (object.file != null)
                    if ($Number(object.file) !== 0)
                        message.file = object.file >>> 0;
                if (object.line != null)
                    if ($Number(object.line) !== 0)
                        message.line = object.line >>> 0;
                return message;
            };

            /**
             * Creates a plain object from a Source message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.Source
             * @static
             * @param {devtape.v1.Source} message Source
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Source.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.file = 0;
                    object.line = 0;
                }
                if (message.file != null && $Object.hasOwnProperty.call(message, "file"))
                    object.file = message.file;
                if (message.line != null && $Object.hasOwnProperty.call(message, "line"))
                    object.line = message.line;
                return object;
            };

            /**
             * Converts this Source to JSON.
             * @function toJSON
             * @memberof devtape.v1.Source
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Source.prototype.toJSON = function() {
                return Source.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Source
             * @function getTypeUrl
             * @memberof devtape.v1.Source
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Source.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.Source";
            };

            return Source;
        })();

        /**
         * Access enum.
         * @name devtape.v1.Access
         * @enum {number}
         * @property {number} ACCESS_UNSPECIFIED=0 ACCESS_UNSPECIFIED value
         * @property {number} ACCESS_READ=1 ACCESS_READ value
         * @property {number} ACCESS_WRITE=2 ACCESS_WRITE value
         */
        v1.Access = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ACCESS_UNSPECIFIED"] = 0;
            values[valuesById[1] = "ACCESS_READ"] = 1;
            values[valuesById[2] = "ACCESS_WRITE"] = 2;
            return values;
        })();

        v1.MmioAccess = (function() {

            /**
             * Properties of a MmioAccess.
             * @typedef {Object} devtape.v1.MmioAccess.$Properties
             * @property {devtape.v1.Access|null} [op] MmioAccess op
             * @property {number|null} [addr] MmioAccess addr
             * @property {number|null} [size] MmioAccess size
             * @property {number|null} [value] MmioAccess value
             * @property {number|null} [valueHi] MmioAccess valueHi
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MmioAccess.
             * @memberof devtape.v1
             * @interface IMmioAccess
             * @augments devtape.v1.MmioAccess.$Properties
             * @deprecated Use devtape.v1.MmioAccess.$Properties instead.
             */

            /**
             * Shape of a MmioAccess.
             * @typedef {devtape.v1.MmioAccess.$Properties} devtape.v1.MmioAccess.$Shape
             */

            /**
             * Constructs a new MmioAccess.
             * @memberof devtape.v1
             * @classdesc Represents a MmioAccess.
             * @constructor
             * @param {devtape.v1.MmioAccess.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MmioAccess = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MmioAccess op.
             * @member {devtape.v1.Access} op
             * @memberof devtape.v1.MmioAccess
             * @instance
             */
            MmioAccess.prototype.op = 0;

            /**
             * MmioAccess addr.
             * @member {number} addr
             * @memberof devtape.v1.MmioAccess
             * @instance
             */
            MmioAccess.prototype.addr = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * MmioAccess size.
             * @member {number} size
             * @memberof devtape.v1.MmioAccess
             * @instance
             */
            MmioAccess.prototype.size = 0;

            /**
             * MmioAccess value.
             * @member {number} value
             * @memberof devtape.v1.MmioAccess
             * @instance
             */
            MmioAccess.prototype.value = 0;

            /**
             * MmioAccess valueHi.
             * @member {number} valueHi
             * @memberof devtape.v1.MmioAccess
             * @instance
             */
            MmioAccess.prototype.valueHi = 0;

            /**
             * Creates a new MmioAccess instance using the specified properties.
             * @function create
             * @memberof devtape.v1.MmioAccess
             * @static
             * @param {devtape.v1.MmioAccess.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.MmioAccess} MmioAccess instance
             * @type {{
             *   (properties: devtape.v1.MmioAccess.$Shape): devtape.v1.MmioAccess & devtape.v1.MmioAccess.$Shape;
             *   (properties?: devtape.v1.MmioAccess.$Properties): devtape.v1.MmioAccess;
             * }}
             */
            MmioAccess.create = function(properties) {
                return new MmioAccess(properties);
            };

            /**
             * Encodes the specified MmioAccess message. Does not implicitly {@link devtape.v1.MmioAccess.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.MmioAccess
             * @static
             * @param {devtape.v1.MmioAccess.$Properties} message MmioAccess message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MmioAccess.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.op != null && $Object.hasOwnProperty.call(message, "op") && message.op !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.op);
                if (message.addr != null && $Object.hasOwnProperty.call(message, "addr") && (typeof message.addr === "object" ? message.addr.low || message.addr.high : message.addr !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.addr);
                if (message.size != null && $Object.hasOwnProperty.call(message, "size") && message.size !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.size);
                if (message.value != null && $Object.hasOwnProperty.call(message, "value") && message.value !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.value);
                if (message.valueHi != null && $Object.hasOwnProperty.call(message, "valueHi") && message.valueHi !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.valueHi);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified MmioAccess message, length delimited. Does not implicitly {@link devtape.v1.MmioAccess.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.MmioAccess
             * @static
             * @param {devtape.v1.MmioAccess.$Properties} message MmioAccess message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MmioAccess.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a MmioAccess message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.MmioAccess
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.MmioAccess & devtape.v1.MmioAccess.$Shape} MmioAccess
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MmioAccess.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.MmioAccess();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.op = value;
                            else
                                delete message.op;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.addr = value;
                            else
                                delete message.addr;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.size = value;
                            else
                                delete message.size;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.value = value;
                            else
                                delete message.value;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.valueHi = value;
                            else
                                delete message.valueHi;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a MmioAccess message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.MmioAccess
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.MmioAccess & devtape.v1.MmioAccess.$Shape} MmioAccess
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MmioAccess.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a MmioAccess message.
             * @function verify
             * @memberof devtape.v1.MmioAccess
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            MmioAccess.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.op != null && $Object.hasOwnProperty.call(message, "op"))
                    if (typeof message.op !== "number" || (message.op | 0) !== message.op)
                        return "op: enum value expected";
                if (message.addr != null && $Object.hasOwnProperty.call(message, "addr"))
                    if (!$util.isInteger(message.addr) && !(message.addr && $util.isInteger(message.addr.low) && $util.isInteger(message.addr.high)))
                        return "addr: integer|Long expected";
                if (message.size != null && $Object.hasOwnProperty.call(message, "size"))
                    if (!$util.isInteger(message.size))
                        return "size: integer expected";
                if (message.value != null && $Object.hasOwnProperty.call(message, "value"))
                    if (!$util.isInteger(message.value))
                        return "value: integer expected";
                if (message.valueHi != null && $Object.hasOwnProperty.call(message, "valueHi"))
                    if (!$util.isInteger(message.valueHi))
                        return "valueHi: integer expected";
                return null;
            };

            /**
             * Creates a MmioAccess message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.MmioAccess
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.MmioAccess} MmioAccess
             */
            MmioAccess.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.MmioAccess)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.MmioAccess: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.MmioAccess();
                if (object.op !== 0 && (typeof object.op !== "string" || $root.devtape.v1.Access[object.op] !== 0))
                    switch (object.op) {
                    case "ACCESS_UNSPECIFIED":
                    case 0:
                        message.op = 0;
                        break;
                    case "ACCESS_READ":
                    case 1:
                        message.op = 1;
                        break;
                    case "ACCESS_WRITE":
                    case 2:
                        message.op = 2;
                        break;
                    default:
                        if (typeof object.op === "number" && (object.op | 0) === object.op)
                            message.op = object.op;
                    }
                if (object.addr != null)
                    if (typeof object.addr === "object" ? object.addr.low || object.addr.high : $Number(object.addr) !== 0)
                        if ($util.Long)
                            message.addr = $util.Long.fromValue(object.addr, true);
                        else if (typeof object.addr === "string")
                            message.addr = $parseInt(object.addr, 10);
                        else if (typeof object.addr === "number")
                            message.addr = object.addr;
                        else if (typeof object.addr === "object")
                            message.addr = new $util.LongBits(object.addr.low >>> 0, object.addr.high >>> 0).toNumber(true);
                if (object.size != null)
                    if ($Number(object.size) !== 0)
                        message.size = object.size >>> 0;
                if (object.value != null)
                    if ($Number(object.value) !== 0)
                        message.value = object.value >>> 0;
                if (object.valueHi != null)
                    if ($Number(object.valueHi) !== 0)
                        message.valueHi = object.valueHi >>> 0;
                return message;
            };

            /**
             * Creates a plain object from a MmioAccess message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.MmioAccess
             * @static
             * @param {devtape.v1.MmioAccess} message MmioAccess
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            MmioAccess.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.op = options.enums === $String ? "ACCESS_UNSPECIFIED" : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.addr = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.addr = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.size = 0;
                    object.value = 0;
                    object.valueHi = 0;
                }
                if (message.op != null && $Object.hasOwnProperty.call(message, "op"))
                    object.op = options.enums === $String ? $root.devtape.v1.Access[message.op] === $undefined ? message.op : $root.devtape.v1.Access[message.op] : message.op;
                if (message.addr != null && $Object.hasOwnProperty.call(message, "addr"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.addr = typeof message.addr === "number" ? $BigInt(message.addr) : $util.Long.fromBits(message.addr.low >>> 0, message.addr.high >>> 0, true).toBigInt();
                    else if (typeof message.addr === "number")
                        object.addr = options.longs === $String ? $String(message.addr) : message.addr;
                    else
                        object.addr = options.longs === $String ? $util.Long.prototype.toString.call(message.addr) : options.longs === $Number ? new $util.LongBits(message.addr.low >>> 0, message.addr.high >>> 0).toNumber(true) : message.addr;
                if (message.size != null && $Object.hasOwnProperty.call(message, "size"))
                    object.size = message.size;
                if (message.value != null && $Object.hasOwnProperty.call(message, "value"))
                    object.value = message.value;
                if (message.valueHi != null && $Object.hasOwnProperty.call(message, "valueHi"))
                    object.valueHi = message.valueHi;
                return object;
            };

            /**
             * Converts this MmioAccess to JSON.
             * @function toJSON
             * @memberof devtape.v1.MmioAccess
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            MmioAccess.prototype.toJSON = function() {
                return MmioAccess.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for MmioAccess
             * @function getTypeUrl
             * @memberof devtape.v1.MmioAccess
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MmioAccess.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.MmioAccess";
            };

            return MmioAccess;
        })();

        v1.PortIoAccess = (function() {

            /**
             * Properties of a PortIoAccess.
             * @typedef {Object} devtape.v1.PortIoAccess.$Properties
             * @property {devtape.v1.Access|null} [op] PortIoAccess op
             * @property {number|null} [port] PortIoAccess port
             * @property {number|null} [size] PortIoAccess size
             * @property {number|null} [value] PortIoAccess value
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a PortIoAccess.
             * @memberof devtape.v1
             * @interface IPortIoAccess
             * @augments devtape.v1.PortIoAccess.$Properties
             * @deprecated Use devtape.v1.PortIoAccess.$Properties instead.
             */

            /**
             * Shape of a PortIoAccess.
             * @typedef {devtape.v1.PortIoAccess.$Properties} devtape.v1.PortIoAccess.$Shape
             */

            /**
             * Constructs a new PortIoAccess.
             * @memberof devtape.v1
             * @classdesc Represents a PortIoAccess.
             * @constructor
             * @param {devtape.v1.PortIoAccess.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const PortIoAccess = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * PortIoAccess op.
             * @member {devtape.v1.Access} op
             * @memberof devtape.v1.PortIoAccess
             * @instance
             */
            PortIoAccess.prototype.op = 0;

            /**
             * PortIoAccess port.
             * @member {number} port
             * @memberof devtape.v1.PortIoAccess
             * @instance
             */
            PortIoAccess.prototype.port = 0;

            /**
             * PortIoAccess size.
             * @member {number} size
             * @memberof devtape.v1.PortIoAccess
             * @instance
             */
            PortIoAccess.prototype.size = 0;

            /**
             * PortIoAccess value.
             * @member {number} value
             * @memberof devtape.v1.PortIoAccess
             * @instance
             */
            PortIoAccess.prototype.value = 0;

            /**
             * Creates a new PortIoAccess instance using the specified properties.
             * @function create
             * @memberof devtape.v1.PortIoAccess
             * @static
             * @param {devtape.v1.PortIoAccess.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.PortIoAccess} PortIoAccess instance
             * @type {{
             *   (properties: devtape.v1.PortIoAccess.$Shape): devtape.v1.PortIoAccess & devtape.v1.PortIoAccess.$Shape;
             *   (properties?: devtape.v1.PortIoAccess.$Properties): devtape.v1.PortIoAccess;
             * }}
             */
            PortIoAccess.create = function(properties) {
                return new PortIoAccess(properties);
            };

            /**
             * Encodes the specified PortIoAccess message. Does not implicitly {@link devtape.v1.PortIoAccess.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.PortIoAccess
             * @static
             * @param {devtape.v1.PortIoAccess.$Properties} message PortIoAccess message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            PortIoAccess.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.op != null && $Object.hasOwnProperty.call(message, "op") && message.op !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.op);
                if (message.port != null && $Object.hasOwnProperty.call(message, "port") && message.port !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.port);
                if (message.size != null && $Object.hasOwnProperty.call(message, "size") && message.size !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.size);
                if (message.value != null && $Object.hasOwnProperty.call(message, "value") && message.value !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.value);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified PortIoAccess message, length delimited. Does not implicitly {@link devtape.v1.PortIoAccess.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.PortIoAccess
             * @static
             * @param {devtape.v1.PortIoAccess.$Properties} message PortIoAccess message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            PortIoAccess.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a PortIoAccess message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.PortIoAccess
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.PortIoAccess & devtape.v1.PortIoAccess.$Shape} PortIoAccess
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            PortIoAccess.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.PortIoAccess();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.op = value;
                            else
                                delete message.op;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.port = value;
                            else
                                delete message.port;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.size = value;
                            else
                                delete message.size;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.value = value;
                            else
                                delete message.value;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a PortIoAccess message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.PortIoAccess
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.PortIoAccess & devtape.v1.PortIoAccess.$Shape} PortIoAccess
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            PortIoAccess.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a PortIoAccess message.
             * @function verify
             * @memberof devtape.v1.PortIoAccess
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            PortIoAccess.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.op != null && $Object.hasOwnProperty.call(message, "op"))
                    if (typeof message.op !== "number" || (message.op | 0) !== message.op)
                        return "op: enum value expected";
                if (message.port != null && $Object.hasOwnProperty.call(message, "port"))
                    if (!$util.isInteger(message.port))
                        return "port: integer expected";
                if (message.size != null && $Object.hasOwnProperty.call(message, "size"))
                    if (!$util.isInteger(message.size))
                        return "size: integer expected";
                if (message.value != null && $Object.hasOwnProperty.call(message, "value"))
                    if (!$util.isInteger(message.value))
                        return "value: integer expected";
                return null;
            };

            /**
             * Creates a PortIoAccess message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.PortIoAccess
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.PortIoAccess} PortIoAccess
             */
            PortIoAccess.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.PortIoAccess)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.PortIoAccess: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.PortIoAccess();
                if (object.op !== 0 && (typeof object.op !== "string" || $root.devtape.v1.Access[object.op] !== 0))
                    switch (object.op) {
                    case "ACCESS_UNSPECIFIED":
                    case 0:
                        message.op = 0;
                        break;
                    case "ACCESS_READ":
                    case 1:
                        message.op = 1;
                        break;
                    case "ACCESS_WRITE":
                    case 2:
                        message.op = 2;
                        break;
                    default:
                        if (typeof object.op === "number" && (object.op | 0) === object.op)
                            message.op = object.op;
                    }
                if (object.port != null)
                    if ($Number(object.port) !== 0)
                        message.port = object.port >>> 0;
                if (object.size != null)
                    if ($Number(object.size) !== 0)
                        message.size = object.size >>> 0;
                if (object.value != null)
                    if ($Number(object.value) !== 0)
                        message.value = object.value >>> 0;
                return message;
            };

            /**
             * Creates a plain object from a PortIoAccess message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.PortIoAccess
             * @static
             * @param {devtape.v1.PortIoAccess} message PortIoAccess
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            PortIoAccess.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.op = options.enums === $String ? "ACCESS_UNSPECIFIED" : 0;
                    object.port = 0;
                    object.size = 0;
                    object.value = 0;
                }
                if (message.op != null && $Object.hasOwnProperty.call(message, "op"))
                    object.op = options.enums === $String ? $root.devtape.v1.Access[message.op] === $undefined ? message.op : $root.devtape.v1.Access[message.op] : message.op;
                if (message.port != null && $Object.hasOwnProperty.call(message, "port"))
                    object.port = message.port;
                if (message.size != null && $Object.hasOwnProperty.call(message, "size"))
                    object.size = message.size;
                if (message.value != null && $Object.hasOwnProperty.call(message, "value"))
                    object.value = message.value;
                return object;
            };

            /**
             * Converts this PortIoAccess to JSON.
             * @function toJSON
             * @memberof devtape.v1.PortIoAccess
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            PortIoAccess.prototype.toJSON = function() {
                return PortIoAccess.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for PortIoAccess
             * @function getTypeUrl
             * @memberof devtape.v1.PortIoAccess
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            PortIoAccess.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.PortIoAccess";
            };

            return PortIoAccess;
        })();

        v1.PciConfigAccess = (function() {

            /**
             * Properties of a PciConfigAccess.
             * @typedef {Object} devtape.v1.PciConfigAccess.$Properties
             * @property {devtape.v1.Access|null} [op] PciConfigAccess op
             * @property {number|null} [bdf] PciConfigAccess bdf
             * @property {number|null} [offset] PciConfigAccess offset
             * @property {number|null} [size] PciConfigAccess size
             * @property {number|null} [value] PciConfigAccess value
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a PciConfigAccess.
             * @memberof devtape.v1
             * @interface IPciConfigAccess
             * @augments devtape.v1.PciConfigAccess.$Properties
             * @deprecated Use devtape.v1.PciConfigAccess.$Properties instead.
             */

            /**
             * Shape of a PciConfigAccess.
             * @typedef {devtape.v1.PciConfigAccess.$Properties} devtape.v1.PciConfigAccess.$Shape
             */

            /**
             * Constructs a new PciConfigAccess.
             * @memberof devtape.v1
             * @classdesc Represents a PciConfigAccess.
             * @constructor
             * @param {devtape.v1.PciConfigAccess.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const PciConfigAccess = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * PciConfigAccess op.
             * @member {devtape.v1.Access} op
             * @memberof devtape.v1.PciConfigAccess
             * @instance
             */
            PciConfigAccess.prototype.op = 0;

            /**
             * PciConfigAccess bdf.
             * @member {number} bdf
             * @memberof devtape.v1.PciConfigAccess
             * @instance
             */
            PciConfigAccess.prototype.bdf = 0;

            /**
             * PciConfigAccess offset.
             * @member {number} offset
             * @memberof devtape.v1.PciConfigAccess
             * @instance
             */
            PciConfigAccess.prototype.offset = 0;

            /**
             * PciConfigAccess size.
             * @member {number} size
             * @memberof devtape.v1.PciConfigAccess
             * @instance
             */
            PciConfigAccess.prototype.size = 0;

            /**
             * PciConfigAccess value.
             * @member {number} value
             * @memberof devtape.v1.PciConfigAccess
             * @instance
             */
            PciConfigAccess.prototype.value = 0;

            /**
             * Creates a new PciConfigAccess instance using the specified properties.
             * @function create
             * @memberof devtape.v1.PciConfigAccess
             * @static
             * @param {devtape.v1.PciConfigAccess.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.PciConfigAccess} PciConfigAccess instance
             * @type {{
             *   (properties: devtape.v1.PciConfigAccess.$Shape): devtape.v1.PciConfigAccess & devtape.v1.PciConfigAccess.$Shape;
             *   (properties?: devtape.v1.PciConfigAccess.$Properties): devtape.v1.PciConfigAccess;
             * }}
             */
            PciConfigAccess.create = function(properties) {
                return new PciConfigAccess(properties);
            };

            /**
             * Encodes the specified PciConfigAccess message. Does not implicitly {@link devtape.v1.PciConfigAccess.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.PciConfigAccess
             * @static
             * @param {devtape.v1.PciConfigAccess.$Properties} message PciConfigAccess message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            PciConfigAccess.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.op != null && $Object.hasOwnProperty.call(message, "op") && message.op !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.op);
                if (message.bdf != null && $Object.hasOwnProperty.call(message, "bdf") && message.bdf !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.bdf);
                if (message.offset != null && $Object.hasOwnProperty.call(message, "offset") && message.offset !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.offset);
                if (message.size != null && $Object.hasOwnProperty.call(message, "size") && message.size !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.size);
                if (message.value != null && $Object.hasOwnProperty.call(message, "value") && message.value !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.value);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified PciConfigAccess message, length delimited. Does not implicitly {@link devtape.v1.PciConfigAccess.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.PciConfigAccess
             * @static
             * @param {devtape.v1.PciConfigAccess.$Properties} message PciConfigAccess message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            PciConfigAccess.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a PciConfigAccess message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.PciConfigAccess
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.PciConfigAccess & devtape.v1.PciConfigAccess.$Shape} PciConfigAccess
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            PciConfigAccess.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.PciConfigAccess();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.op = value;
                            else
                                delete message.op;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.bdf = value;
                            else
                                delete message.bdf;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.offset = value;
                            else
                                delete message.offset;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.size = value;
                            else
                                delete message.size;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.value = value;
                            else
                                delete message.value;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a PciConfigAccess message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.PciConfigAccess
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.PciConfigAccess & devtape.v1.PciConfigAccess.$Shape} PciConfigAccess
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            PciConfigAccess.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a PciConfigAccess message.
             * @function verify
             * @memberof devtape.v1.PciConfigAccess
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            PciConfigAccess.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.op != null && $Object.hasOwnProperty.call(message, "op"))
                    if (typeof message.op !== "number" || (message.op | 0) !== message.op)
                        return "op: enum value expected";
                if (message.bdf != null && $Object.hasOwnProperty.call(message, "bdf"))
                    if (!$util.isInteger(message.bdf))
                        return "bdf: integer expected";
                if (message.offset != null && $Object.hasOwnProperty.call(message, "offset"))
                    if (!$util.isInteger(message.offset))
                        return "offset: integer expected";
                if (message.size != null && $Object.hasOwnProperty.call(message, "size"))
                    if (!$util.isInteger(message.size))
                        return "size: integer expected";
                if (message.value != null && $Object.hasOwnProperty.call(message, "value"))
                    if (!$util.isInteger(message.value))
                        return "value: integer expected";
                return null;
            };

            /**
             * Creates a PciConfigAccess message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.PciConfigAccess
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.PciConfigAccess} PciConfigAccess
             */
            PciConfigAccess.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.PciConfigAccess)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.PciConfigAccess: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.PciConfigAccess();
                if (object.op !== 0 && (typeof object.op !== "string" || $root.devtape.v1.Access[object.op] !== 0))
                    switch (object.op) {
                    case "ACCESS_UNSPECIFIED":
                    case 0:
                        message.op = 0;
                        break;
                    case "ACCESS_READ":
                    case 1:
                        message.op = 1;
                        break;
                    case "ACCESS_WRITE":
                    case 2:
                        message.op = 2;
                        break;
                    default:
                        if (typeof object.op === "number" && (object.op | 0) === object.op)
                            message.op = object.op;
                    }
                if (object.bdf != null)
                    if ($Number(object.bdf) !== 0)
                        message.bdf = object.bdf >>> 0;
                if (object.offset != null)
                    if ($Number(object.offset) !== 0)
                        message.offset = object.offset >>> 0;
                if (object.size != null)
                    if ($Number(object.size) !== 0)
                        message.size = object.size >>> 0;
                if (object.value != null)
                    if ($Number(object.value) !== 0)
                        message.value = object.value >>> 0;
                return message;
            };

            /**
             * Creates a plain object from a PciConfigAccess message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.PciConfigAccess
             * @static
             * @param {devtape.v1.PciConfigAccess} message PciConfigAccess
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            PciConfigAccess.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.op = options.enums === $String ? "ACCESS_UNSPECIFIED" : 0;
                    object.bdf = 0;
                    object.offset = 0;
                    object.size = 0;
                    object.value = 0;
                }
                if (message.op != null && $Object.hasOwnProperty.call(message, "op"))
                    object.op = options.enums === $String ? $root.devtape.v1.Access[message.op] === $undefined ? message.op : $root.devtape.v1.Access[message.op] : message.op;
                if (message.bdf != null && $Object.hasOwnProperty.call(message, "bdf"))
                    object.bdf = message.bdf;
                if (message.offset != null && $Object.hasOwnProperty.call(message, "offset"))
                    object.offset = message.offset;
                if (message.size != null && $Object.hasOwnProperty.call(message, "size"))
                    object.size = message.size;
                if (message.value != null && $Object.hasOwnProperty.call(message, "value"))
                    object.value = message.value;
                return object;
            };

            /**
             * Converts this PciConfigAccess to JSON.
             * @function toJSON
             * @memberof devtape.v1.PciConfigAccess
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            PciConfigAccess.prototype.toJSON = function() {
                return PciConfigAccess.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for PciConfigAccess
             * @function getTypeUrl
             * @memberof devtape.v1.PciConfigAccess
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            PciConfigAccess.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.PciConfigAccess";
            };

            return PciConfigAccess;
        })();

        v1.MemoryAccess = (function() {

            /**
             * Properties of a MemoryAccess.
             * @typedef {Object} devtape.v1.MemoryAccess.$Properties
             * @property {devtape.v1.Access|null} [op] MemoryAccess op
             * @property {number|null} [addr] MemoryAccess addr
             * @property {Uint8Array|null} [data] MemoryAccess data
             * @property {number|null} [fillLength] MemoryAccess fillLength
             * @property {number|null} [fillByte] MemoryAccess fillByte
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MemoryAccess.
             * @memberof devtape.v1
             * @interface IMemoryAccess
             * @augments devtape.v1.MemoryAccess.$Properties
             * @deprecated Use devtape.v1.MemoryAccess.$Properties instead.
             */

            /**
             * Shape of a MemoryAccess.
             * @typedef {devtape.v1.MemoryAccess.$Properties} devtape.v1.MemoryAccess.$Shape
             */

            /**
             * Constructs a new MemoryAccess.
             * @memberof devtape.v1
             * @classdesc Represents a MemoryAccess.
             * @constructor
             * @param {devtape.v1.MemoryAccess.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MemoryAccess = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MemoryAccess op.
             * @member {devtape.v1.Access} op
             * @memberof devtape.v1.MemoryAccess
             * @instance
             */
            MemoryAccess.prototype.op = 0;

            /**
             * MemoryAccess addr.
             * @member {number} addr
             * @memberof devtape.v1.MemoryAccess
             * @instance
             */
            MemoryAccess.prototype.addr = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * MemoryAccess data.
             * @member {Uint8Array} data
             * @memberof devtape.v1.MemoryAccess
             * @instance
             */
            MemoryAccess.prototype.data = $util.newBuffer([]);

            /**
             * MemoryAccess fillLength.
             * @member {number} fillLength
             * @memberof devtape.v1.MemoryAccess
             * @instance
             */
            MemoryAccess.prototype.fillLength = 0;

            /**
             * MemoryAccess fillByte.
             * @member {number} fillByte
             * @memberof devtape.v1.MemoryAccess
             * @instance
             */
            MemoryAccess.prototype.fillByte = 0;

            /**
             * Creates a new MemoryAccess instance using the specified properties.
             * @function create
             * @memberof devtape.v1.MemoryAccess
             * @static
             * @param {devtape.v1.MemoryAccess.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.MemoryAccess} MemoryAccess instance
             * @type {{
             *   (properties: devtape.v1.MemoryAccess.$Shape): devtape.v1.MemoryAccess & devtape.v1.MemoryAccess.$Shape;
             *   (properties?: devtape.v1.MemoryAccess.$Properties): devtape.v1.MemoryAccess;
             * }}
             */
            MemoryAccess.create = function(properties) {
                return new MemoryAccess(properties);
            };

            /**
             * Encodes the specified MemoryAccess message. Does not implicitly {@link devtape.v1.MemoryAccess.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.MemoryAccess
             * @static
             * @param {devtape.v1.MemoryAccess.$Properties} message MemoryAccess message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MemoryAccess.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.op != null && $Object.hasOwnProperty.call(message, "op") && message.op !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.op);
                if (message.addr != null && $Object.hasOwnProperty.call(message, "addr") && (typeof message.addr === "object" ? message.addr.low || message.addr.high : message.addr !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.addr);
                if (message.data != null && $Object.hasOwnProperty.call(message, "data") && message.data.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.data);
                if (message.fillLength != null && $Object.hasOwnProperty.call(message, "fillLength") && message.fillLength !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.fillLength);
                if (message.fillByte != null && $Object.hasOwnProperty.call(message, "fillByte") && message.fillByte !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.fillByte);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified MemoryAccess message, length delimited. Does not implicitly {@link devtape.v1.MemoryAccess.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.MemoryAccess
             * @static
             * @param {devtape.v1.MemoryAccess.$Properties} message MemoryAccess message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MemoryAccess.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a MemoryAccess message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.MemoryAccess
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.MemoryAccess & devtape.v1.MemoryAccess.$Shape} MemoryAccess
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MemoryAccess.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.MemoryAccess();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.op = value;
                            else
                                delete message.op;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.addr = value;
                            else
                                delete message.addr;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.data = value;
                            else
                                delete message.data;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.fillLength = value;
                            else
                                delete message.fillLength;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.fillByte = value;
                            else
                                delete message.fillByte;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a MemoryAccess message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.MemoryAccess
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.MemoryAccess & devtape.v1.MemoryAccess.$Shape} MemoryAccess
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MemoryAccess.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a MemoryAccess message.
             * @function verify
             * @memberof devtape.v1.MemoryAccess
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            MemoryAccess.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.op != null && $Object.hasOwnProperty.call(message, "op"))
                    if (typeof message.op !== "number" || (message.op | 0) !== message.op)
                        return "op: enum value expected";
                if (message.addr != null && $Object.hasOwnProperty.call(message, "addr"))
                    if (!$util.isInteger(message.addr) && !(message.addr && $util.isInteger(message.addr.low) && $util.isInteger(message.addr.high)))
                        return "addr: integer|Long expected";
                if (message.data != null && $Object.hasOwnProperty.call(message, "data"))
                    if (!(message.data && typeof message.data.length === "number" || $util.isString(message.data)))
                        return "data: buffer expected";
                if (message.fillLength != null && $Object.hasOwnProperty.call(message, "fillLength"))
                    if (!$util.isInteger(message.fillLength))
                        return "fillLength: integer expected";
                if (message.fillByte != null && $Object.hasOwnProperty.call(message, "fillByte"))
                    if (!$util.isInteger(message.fillByte))
                        return "fillByte: integer expected";
                return null;
            };

            /**
             * Creates a MemoryAccess message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.MemoryAccess
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.MemoryAccess} MemoryAccess
             */
            MemoryAccess.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.MemoryAccess)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.MemoryAccess: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.MemoryAccess();
                if (object.op !== 0 && (typeof object.op !== "string" || $root.devtape.v1.Access[object.op] !== 0))
                    switch (object.op) {
                    case "ACCESS_UNSPECIFIED":
                    case 0:
                        message.op = 0;
                        break;
                    case "ACCESS_READ":
                    case 1:
                        message.op = 1;
                        break;
                    case "ACCESS_WRITE":
                    case 2:
                        message.op = 2;
                        break;
                    default:
                        if (typeof object.op === "number" && (object.op | 0) === object.op)
                            message.op = object.op;
                    }
                if (object.addr != null)
                    if (typeof object.addr === "object" ? object.addr.low || object.addr.high : $Number(object.addr) !== 0)
                        if ($util.Long)
                            message.addr = $util.Long.fromValue(object.addr, true);
                        else if (typeof object.addr === "string")
                            message.addr = $parseInt(object.addr, 10);
                        else if (typeof object.addr === "number")
                            message.addr = object.addr;
                        else if (typeof object.addr === "object")
                            message.addr = new $util.LongBits(object.addr.low >>> 0, object.addr.high >>> 0).toNumber(true);
                if (object.data != null)
                    if (object.data.length)
                        if (typeof object.data === "string")
                            $util.base64.decode(object.data, message.data = $util.newBuffer($util.base64.length(object.data)), 0);
                        else if (object.data.length >= 0)
                            message.data = object.data;
                if (object.fillLength != null)
                    if ($Number(object.fillLength) !== 0)
                        message.fillLength = object.fillLength >>> 0;
                if (object.fillByte != null)
                    if ($Number(object.fillByte) !== 0)
                        message.fillByte = object.fillByte >>> 0;
                return message;
            };

            /**
             * Creates a plain object from a MemoryAccess message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.MemoryAccess
             * @static
             * @param {devtape.v1.MemoryAccess} message MemoryAccess
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            MemoryAccess.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.op = options.enums === $String ? "ACCESS_UNSPECIFIED" : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.addr = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.addr = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if (options.bytes === $String)
                        object.data = "";
                    else {
                        object.data = [];
                        if (options.bytes !== $Array)
                            object.data = $util.newBuffer(object.data);
                    }
                    object.fillLength = 0;
                    object.fillByte = 0;
                }
                if (message.op != null && $Object.hasOwnProperty.call(message, "op"))
                    object.op = options.enums === $String ? $root.devtape.v1.Access[message.op] === $undefined ? message.op : $root.devtape.v1.Access[message.op] : message.op;
                if (message.addr != null && $Object.hasOwnProperty.call(message, "addr"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.addr = typeof message.addr === "number" ? $BigInt(message.addr) : $util.Long.fromBits(message.addr.low >>> 0, message.addr.high >>> 0, true).toBigInt();
                    else if (typeof message.addr === "number")
                        object.addr = options.longs === $String ? $String(message.addr) : message.addr;
                    else
                        object.addr = options.longs === $String ? $util.Long.prototype.toString.call(message.addr) : options.longs === $Number ? new $util.LongBits(message.addr.low >>> 0, message.addr.high >>> 0).toNumber(true) : message.addr;
                if (message.data != null && $Object.hasOwnProperty.call(message, "data"))
                    object.data = options.bytes === $String ? $util.base64.encode(message.data, 0, message.data.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.data) : message.data;
                if (message.fillLength != null && $Object.hasOwnProperty.call(message, "fillLength"))
                    object.fillLength = message.fillLength;
                if (message.fillByte != null && $Object.hasOwnProperty.call(message, "fillByte"))
                    object.fillByte = message.fillByte;
                return object;
            };

            /**
             * Converts this MemoryAccess to JSON.
             * @function toJSON
             * @memberof devtape.v1.MemoryAccess
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            MemoryAccess.prototype.toJSON = function() {
                return MemoryAccess.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for MemoryAccess
             * @function getTypeUrl
             * @memberof devtape.v1.MemoryAccess
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MemoryAccess.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.MemoryAccess";
            };

            return MemoryAccess;
        })();

        /**
         * BarrierKind enum.
         * @name devtape.v1.BarrierKind
         * @enum {number}
         * @property {number} BARRIER_KIND_UNSPECIFIED=0 BARRIER_KIND_UNSPECIFIED value
         * @property {number} BARRIER_KIND_FULL=1 BARRIER_KIND_FULL value
         * @property {number} BARRIER_KIND_READ=2 BARRIER_KIND_READ value
         * @property {number} BARRIER_KIND_WRITE=3 BARRIER_KIND_WRITE value
         */
        v1.BarrierKind = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "BARRIER_KIND_UNSPECIFIED"] = 0;
            values[valuesById[1] = "BARRIER_KIND_FULL"] = 1;
            values[valuesById[2] = "BARRIER_KIND_READ"] = 2;
            values[valuesById[3] = "BARRIER_KIND_WRITE"] = 3;
            return values;
        })();

        /**
         * BarrierFlavour enum.
         * @name devtape.v1.BarrierFlavour
         * @enum {number}
         * @property {number} BARRIER_FLAVOUR_UNSPECIFIED=0 BARRIER_FLAVOUR_UNSPECIFIED value
         * @property {number} BARRIER_FLAVOUR_MANDATORY=1 BARRIER_FLAVOUR_MANDATORY value
         * @property {number} BARRIER_FLAVOUR_SMP=2 BARRIER_FLAVOUR_SMP value
         * @property {number} BARRIER_FLAVOUR_DMA=3 BARRIER_FLAVOUR_DMA value
         */
        v1.BarrierFlavour = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "BARRIER_FLAVOUR_UNSPECIFIED"] = 0;
            values[valuesById[1] = "BARRIER_FLAVOUR_MANDATORY"] = 1;
            values[valuesById[2] = "BARRIER_FLAVOUR_SMP"] = 2;
            values[valuesById[3] = "BARRIER_FLAVOUR_DMA"] = 3;
            return values;
        })();

        v1.Barrier = (function() {

            /**
             * Properties of a Barrier.
             * @typedef {Object} devtape.v1.Barrier.$Properties
             * @property {devtape.v1.BarrierKind|null} [kind] Barrier kind
             * @property {devtape.v1.BarrierFlavour|null} [flavour] Barrier flavour
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Barrier.
             * @memberof devtape.v1
             * @interface IBarrier
             * @augments devtape.v1.Barrier.$Properties
             * @deprecated Use devtape.v1.Barrier.$Properties instead.
             */

            /**
             * Shape of a Barrier.
             * @typedef {devtape.v1.Barrier.$Properties} devtape.v1.Barrier.$Shape
             */

            /**
             * Constructs a new Barrier.
             * @memberof devtape.v1
             * @classdesc Represents a Barrier.
             * @constructor
             * @param {devtape.v1.Barrier.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Barrier = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Barrier kind.
             * @member {devtape.v1.BarrierKind} kind
             * @memberof devtape.v1.Barrier
             * @instance
             */
            Barrier.prototype.kind = 0;

            /**
             * Barrier flavour.
             * @member {devtape.v1.BarrierFlavour} flavour
             * @memberof devtape.v1.Barrier
             * @instance
             */
            Barrier.prototype.flavour = 0;

            /**
             * Creates a new Barrier instance using the specified properties.
             * @function create
             * @memberof devtape.v1.Barrier
             * @static
             * @param {devtape.v1.Barrier.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.Barrier} Barrier instance
             * @type {{
             *   (properties: devtape.v1.Barrier.$Shape): devtape.v1.Barrier & devtape.v1.Barrier.$Shape;
             *   (properties?: devtape.v1.Barrier.$Properties): devtape.v1.Barrier;
             * }}
             */
            Barrier.create = function(properties) {
                return new Barrier(properties);
            };

            /**
             * Encodes the specified Barrier message. Does not implicitly {@link devtape.v1.Barrier.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.Barrier
             * @static
             * @param {devtape.v1.Barrier.$Properties} message Barrier message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Barrier.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind") && message.kind !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.kind);
                if (message.flavour != null && $Object.hasOwnProperty.call(message, "flavour") && message.flavour !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.flavour);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Barrier message, length delimited. Does not implicitly {@link devtape.v1.Barrier.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.Barrier
             * @static
             * @param {devtape.v1.Barrier.$Properties} message Barrier message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Barrier.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Barrier message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.Barrier
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.Barrier & devtape.v1.Barrier.$Shape} Barrier
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Barrier.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.Barrier();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.kind = value;
                            else
                                delete message.kind;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.flavour = value;
                            else
                                delete message.flavour;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a Barrier message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.Barrier
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.Barrier & devtape.v1.Barrier.$Shape} Barrier
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Barrier.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Barrier message.
             * @function verify
             * @memberof devtape.v1.Barrier
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Barrier.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind"))
                    if (typeof message.kind !== "number" || (message.kind | 0) !== message.kind)
                        return "kind: enum value expected";
                if (message.flavour != null && $Object.hasOwnProperty.call(message, "flavour"))
                    if (typeof message.flavour !== "number" || (message.flavour | 0) !== message.flavour)
                        return "flavour: enum value expected";
                return null;
            };

            /**
             * Creates a Barrier message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.Barrier
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.Barrier} Barrier
             */
            Barrier.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.Barrier)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.Barrier: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.Barrier();
                if (object.kind !== 0 && (typeof object.kind !== "string" || $root.devtape.v1.BarrierKind[object.kind] !== 0))
                    switch (object.kind) {
                    case "BARRIER_KIND_UNSPECIFIED":
                    case 0:
                        message.kind = 0;
                        break;
                    case "BARRIER_KIND_FULL":
                    case 1:
                        message.kind = 1;
                        break;
                    case "BARRIER_KIND_READ":
                    case 2:
                        message.kind = 2;
                        break;
                    case "BARRIER_KIND_WRITE":
                    case 3:
                        message.kind = 3;
                        break;
                    default:
                        if (typeof object.kind === "number" && (object.kind | 0) === object.kind)
                            message.kind = object.kind;
                    }
                if (object.flavour !== 0 && (typeof object.flavour !== "string" || $root.devtape.v1.BarrierFlavour[object.flavour] !== 0))
                    switch (object.flavour) {
                    case "BARRIER_FLAVOUR_UNSPECIFIED":
                    case 0:
                        message.flavour = 0;
                        break;
                    case "BARRIER_FLAVOUR_MANDATORY":
                    case 1:
                        message.flavour = 1;
                        break;
                    case "BARRIER_FLAVOUR_SMP":
                    case 2:
                        message.flavour = 2;
                        break;
                    case "BARRIER_FLAVOUR_DMA":
                    case 3:
                        message.flavour = 3;
                        break;
                    default:
                        if (typeof object.flavour === "number" && (object.flavour | 0) === object.flavour)
                            message.flavour = object.flavour;
                    }
                return message;
            };

            /**
             * Creates a plain object from a Barrier message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.Barrier
             * @static
             * @param {devtape.v1.Barrier} message Barrier
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Barrier.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.kind = options.enums === $String ? "BARRIER_KIND_UNSPECIFIED" : 0;
                    object.flavour = options.enums === $String ? "BARRIER_FLAVOUR_UNSPECIFIED" : 0;
                }
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind"))
                    object.kind = options.enums === $String ? $root.devtape.v1.BarrierKind[message.kind] === $undefined ? message.kind : $root.devtape.v1.BarrierKind[message.kind] : message.kind;
                if (message.flavour != null && $Object.hasOwnProperty.call(message, "flavour"))
                    object.flavour = options.enums === $String ? $root.devtape.v1.BarrierFlavour[message.flavour] === $undefined ? message.flavour : $root.devtape.v1.BarrierFlavour[message.flavour] : message.flavour;
                return object;
            };

            /**
             * Converts this Barrier to JSON.
             * @function toJSON
             * @memberof devtape.v1.Barrier
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Barrier.prototype.toJSON = function() {
                return Barrier.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Barrier
             * @function getTypeUrl
             * @memberof devtape.v1.Barrier
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Barrier.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.Barrier";
            };

            return Barrier;
        })();

        /**
         * IrqAction enum.
         * @name devtape.v1.IrqAction
         * @enum {number}
         * @property {number} IRQ_ACTION_UNSPECIFIED=0 IRQ_ACTION_UNSPECIFIED value
         * @property {number} IRQ_ACTION_ASSERT=1 IRQ_ACTION_ASSERT value
         * @property {number} IRQ_ACTION_DEASSERT=2 IRQ_ACTION_DEASSERT value
         * @property {number} IRQ_ACTION_PULSE=3 IRQ_ACTION_PULSE value
         */
        v1.IrqAction = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "IRQ_ACTION_UNSPECIFIED"] = 0;
            values[valuesById[1] = "IRQ_ACTION_ASSERT"] = 1;
            values[valuesById[2] = "IRQ_ACTION_DEASSERT"] = 2;
            values[valuesById[3] = "IRQ_ACTION_PULSE"] = 3;
            return values;
        })();

        v1.Msi = (function() {

            /**
             * Properties of a Msi.
             * @typedef {Object} devtape.v1.Msi.$Properties
             * @property {number|null} [address] Msi address
             * @property {number|null} [data] Msi data
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Msi.
             * @memberof devtape.v1
             * @interface IMsi
             * @augments devtape.v1.Msi.$Properties
             * @deprecated Use devtape.v1.Msi.$Properties instead.
             */

            /**
             * Shape of a Msi.
             * @typedef {devtape.v1.Msi.$Properties} devtape.v1.Msi.$Shape
             */

            /**
             * Constructs a new Msi.
             * @memberof devtape.v1
             * @classdesc Represents a Msi.
             * @constructor
             * @param {devtape.v1.Msi.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Msi = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Msi address.
             * @member {number} address
             * @memberof devtape.v1.Msi
             * @instance
             */
            Msi.prototype.address = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Msi data.
             * @member {number} data
             * @memberof devtape.v1.Msi
             * @instance
             */
            Msi.prototype.data = 0;

            /**
             * Creates a new Msi instance using the specified properties.
             * @function create
             * @memberof devtape.v1.Msi
             * @static
             * @param {devtape.v1.Msi.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.Msi} Msi instance
             * @type {{
             *   (properties: devtape.v1.Msi.$Shape): devtape.v1.Msi & devtape.v1.Msi.$Shape;
             *   (properties?: devtape.v1.Msi.$Properties): devtape.v1.Msi;
             * }}
             */
            Msi.create = function(properties) {
                return new Msi(properties);
            };

            /**
             * Encodes the specified Msi message. Does not implicitly {@link devtape.v1.Msi.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.Msi
             * @static
             * @param {devtape.v1.Msi.$Properties} message Msi message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Msi.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.address != null && $Object.hasOwnProperty.call(message, "address") && (typeof message.address === "object" ? message.address.low || message.address.high : message.address !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.address);
                if (message.data != null && $Object.hasOwnProperty.call(message, "data") && message.data !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.data);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Msi message, length delimited. Does not implicitly {@link devtape.v1.Msi.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.Msi
             * @static
             * @param {devtape.v1.Msi.$Properties} message Msi message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Msi.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Msi message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.Msi
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.Msi & devtape.v1.Msi.$Shape} Msi
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Msi.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.Msi();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.address = value;
                            else
                                delete message.address;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.data = value;
                            else
                                delete message.data;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a Msi message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.Msi
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.Msi & devtape.v1.Msi.$Shape} Msi
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Msi.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Msi message.
             * @function verify
             * @memberof devtape.v1.Msi
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Msi.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.address != null && $Object.hasOwnProperty.call(message, "address"))
                    if (!$util.isInteger(message.address) && !(message.address && $util.isInteger(message.address.low) && $util.isInteger(message.address.high)))
                        return "address: integer|Long expected";
                if (message.data != null && $Object.hasOwnProperty.call(message, "data"))
                    if (!$util.isInteger(message.data))
                        return "data: integer expected";
                return null;
            };

            /**
             * Creates a Msi message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.Msi
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.Msi} Msi
             */
            Msi.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.Msi)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.Msi: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.Msi();
                if (object.address != null)
                    if (typeof object.address === "object" ? object.address.low || object.address.high : $Number(object.address) !== 0)
                        if ($util.Long)
                            message.address = $util.Long.fromValue(object.address, true);
                        else if (typeof object.address === "string")
                            message.address = $parseInt(object.address, 10);
                        else if (typeof object.address === "number")
                            message.address = object.address;
                        else if (typeof object.address === "object")
                            message.address = new $util.LongBits(object.address.low >>> 0, object.address.high >>> 0).toNumber(true);
                if (object.data != null)
                    if ($Number(object.data) !== 0)
                        message.data = object.data >>> 0;
                return message;
            };

            /**
             * Creates a plain object from a Msi message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.Msi
             * @static
             * @param {devtape.v1.Msi} message Msi
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Msi.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.address = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.address = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.data = 0;
                }
                if (message.address != null && $Object.hasOwnProperty.call(message, "address"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.address = typeof message.address === "number" ? $BigInt(message.address) : $util.Long.fromBits(message.address.low >>> 0, message.address.high >>> 0, true).toBigInt();
                    else if (typeof message.address === "number")
                        object.address = options.longs === $String ? $String(message.address) : message.address;
                    else
                        object.address = options.longs === $String ? $util.Long.prototype.toString.call(message.address) : options.longs === $Number ? new $util.LongBits(message.address.low >>> 0, message.address.high >>> 0).toNumber(true) : message.address;
                if (message.data != null && $Object.hasOwnProperty.call(message, "data"))
                    object.data = message.data;
                return object;
            };

            /**
             * Converts this Msi to JSON.
             * @function toJSON
             * @memberof devtape.v1.Msi
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Msi.prototype.toJSON = function() {
                return Msi.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Msi
             * @function getTypeUrl
             * @memberof devtape.v1.Msi
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Msi.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.Msi";
            };

            return Msi;
        })();

        v1.Interrupt = (function() {

            /**
             * Properties of an Interrupt.
             * @typedef {Object} devtape.v1.Interrupt.$Properties
             * @property {number|null} [line] Interrupt line
             * @property {devtape.v1.Msi.$Properties|null} [msi] Interrupt msi
             * @property {devtape.v1.IrqAction|null} [action] Interrupt action
             * @property {"line"|"msi"} [target] Interrupt target
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Interrupt.
             * @memberof devtape.v1
             * @interface IInterrupt
             * @augments devtape.v1.Interrupt.$Properties
             * @deprecated Use devtape.v1.Interrupt.$Properties instead.
             */

            /**
             * Narrowed shape of an Interrupt.
             * @typedef {{
             *   line?: number|null;
             *   msi?: devtape.v1.Msi.$Shape|null;
             *   action?: devtape.v1.IrqAction|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ target?: undefined; line?: null; msi?: null }|{ target?: "line"; line: number; msi?: null }|{ target?: "msi"; line?: null; msi: devtape.v1.Msi.$Shape })
             * )} devtape.v1.Interrupt.$Shape
             */

            /**
             * Constructs a new Interrupt.
             * @memberof devtape.v1
             * @classdesc Represents an Interrupt.
             * @constructor
             * @param {devtape.v1.Interrupt.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Interrupt = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Interrupt line.
             * @member {number|null|undefined} line
             * @memberof devtape.v1.Interrupt
             * @instance
             */
            Interrupt.prototype.line = null;

            /**
             * Interrupt msi.
             * @member {devtape.v1.Msi.$Properties|null|undefined} msi
             * @memberof devtape.v1.Interrupt
             * @instance
             */
            Interrupt.prototype.msi = null;

            /**
             * Interrupt action.
             * @member {devtape.v1.IrqAction} action
             * @memberof devtape.v1.Interrupt
             * @instance
             */
            Interrupt.prototype.action = 0;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * Interrupt target.
             * @member {"line"|"msi"|undefined} target
             * @memberof devtape.v1.Interrupt
             * @instance
             */
            $Object.defineProperty(Interrupt.prototype, "target", {
                get: $util.oneOfGetter($oneOfFields = ["line", "msi"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Interrupt instance using the specified properties.
             * @function create
             * @memberof devtape.v1.Interrupt
             * @static
             * @param {devtape.v1.Interrupt.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.Interrupt} Interrupt instance
             * @type {{
             *   (properties: devtape.v1.Interrupt.$Shape): devtape.v1.Interrupt & devtape.v1.Interrupt.$Shape;
             *   (properties?: devtape.v1.Interrupt.$Properties): devtape.v1.Interrupt;
             * }}
             */
            Interrupt.create = function(properties) {
                return new Interrupt(properties);
            };

            /**
             * Encodes the specified Interrupt message. Does not implicitly {@link devtape.v1.Interrupt.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.Interrupt
             * @static
             * @param {devtape.v1.Interrupt.$Properties} message Interrupt message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Interrupt.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.line != null && $Object.hasOwnProperty.call(message, "line"))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.line);
                if (message.msi != null && $Object.hasOwnProperty.call(message, "msi"))
                    $root.devtape.v1.Msi.encode(message.msi, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.action != null && $Object.hasOwnProperty.call(message, "action") && message.action !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.action);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Interrupt message, length delimited. Does not implicitly {@link devtape.v1.Interrupt.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.Interrupt
             * @static
             * @param {devtape.v1.Interrupt.$Properties} message Interrupt message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Interrupt.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Interrupt message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.Interrupt
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.Interrupt & devtape.v1.Interrupt.$Shape} Interrupt
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Interrupt.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.Interrupt();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            message.line = reader.uint32();
                            message.target = "line";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.msi = $root.devtape.v1.Msi.decode(reader, reader.size(), $undefined, _depth + 1, message.msi);
                            message.target = "msi";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.action = value;
                            else
                                delete message.action;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an Interrupt message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.Interrupt
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.Interrupt & devtape.v1.Interrupt.$Shape} Interrupt
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Interrupt.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an Interrupt message.
             * @function verify
             * @memberof devtape.v1.Interrupt
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Interrupt.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.line != null && $Object.hasOwnProperty.call(message, "line")) {
                    properties.target = 1;
                    if (!$util.isInteger(message.line))
                        return "line: integer expected";
                }
                if (message.msi != null && $Object.hasOwnProperty.call(message, "msi")) {
                    if (properties.target === 1)
                        return "target: multiple values";
                    properties.target = 1;
                    {
                        let error = $root.devtape.v1.Msi.verify(message.msi, _depth + 1);
                        if (error)
                            return "msi." + error;
                    }
                }
                if (message.action != null && $Object.hasOwnProperty.call(message, "action"))
                    if (typeof message.action !== "number" || (message.action | 0) !== message.action)
                        return "action: enum value expected";
                return null;
            };

            /**
             * Creates an Interrupt message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.Interrupt
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.Interrupt} Interrupt
             */
            Interrupt.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.Interrupt)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.Interrupt: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.Interrupt();
                if (object.line != null)
                    message.line = object.line >>> 0;
                if (object.msi != null) {
                    if (!$util.isObject(object.msi))
                        throw $TypeError(".devtape.v1.Interrupt.msi: object expected");
                    message.msi = $root.devtape.v1.Msi.fromObject(object.msi, _depth + 1);
                }
                if (object.action !== 0 && (typeof object.action !== "string" || $root.devtape.v1.IrqAction[object.action] !== 0))
                    switch (object.action) {
                    case "IRQ_ACTION_UNSPECIFIED":
                    case 0:
                        message.action = 0;
                        break;
                    case "IRQ_ACTION_ASSERT":
                    case 1:
                        message.action = 1;
                        break;
                    case "IRQ_ACTION_DEASSERT":
                    case 2:
                        message.action = 2;
                        break;
                    case "IRQ_ACTION_PULSE":
                    case 3:
                        message.action = 3;
                        break;
                    default:
                        if (typeof object.action === "number" && (object.action | 0) === object.action)
                            message.action = object.action;
                    }
                return message;
            };

            /**
             * Creates a plain object from an Interrupt message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.Interrupt
             * @static
             * @param {devtape.v1.Interrupt} message Interrupt
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Interrupt.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    object.action = options.enums === $String ? "IRQ_ACTION_UNSPECIFIED" : 0;
                if (message.line != null && $Object.hasOwnProperty.call(message, "line")) {
                    object.line = message.line;
                    if (options.oneofs)
                        object.target = "line";
                }
                if (message.msi != null && $Object.hasOwnProperty.call(message, "msi")) {
                    object.msi = $root.devtape.v1.Msi.toObject(message.msi, options, _depth + 1);
                    if (options.oneofs)
                        object.target = "msi";
                }
                if (message.action != null && $Object.hasOwnProperty.call(message, "action"))
                    object.action = options.enums === $String ? $root.devtape.v1.IrqAction[message.action] === $undefined ? message.action : $root.devtape.v1.IrqAction[message.action] : message.action;
                return object;
            };

            /**
             * Converts this Interrupt to JSON.
             * @function toJSON
             * @memberof devtape.v1.Interrupt
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Interrupt.prototype.toJSON = function() {
                return Interrupt.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Interrupt
             * @function getTypeUrl
             * @memberof devtape.v1.Interrupt
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Interrupt.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.Interrupt";
            };

            return Interrupt;
        })();

        v1.Arg = (function() {

            /**
             * Properties of an Arg.
             * @typedef {Object} devtape.v1.Arg.$Properties
             * @property {string|null} [name] Arg name
             * @property {number|null} [uint] Arg uint
             * @property {number|null} [int] Arg int
             * @property {string|null} [str] Arg str
             * @property {Uint8Array|null} [raw] Arg raw
             * @property {"uint"|"int"|"str"|"raw"} [value] Arg value
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Arg.
             * @memberof devtape.v1
             * @interface IArg
             * @augments devtape.v1.Arg.$Properties
             * @deprecated Use devtape.v1.Arg.$Properties instead.
             */

            /**
             * Narrowed shape of an Arg.
             * @typedef {{
             *   name?: string|null;
             *   uint?: number|null;
             *   int?: number|null;
             *   str?: string|null;
             *   raw?: Uint8Array|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ value?: undefined; uint?: null; int?: null; str?: null; raw?: null }|{ value?: "uint"; uint: number; int?: null; str?: null; raw?: null }|{ value?: "int"; uint?: null; int: number; str?: null; raw?: null }|{ value?: "str"; uint?: null; int?: null; str: string; raw?: null }|{ value?: "raw"; uint?: null; int?: null; str?: null; raw: Uint8Array })
             * )} devtape.v1.Arg.$Shape
             */

            /**
             * Constructs a new Arg.
             * @memberof devtape.v1
             * @classdesc Represents an Arg.
             * @constructor
             * @param {devtape.v1.Arg.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Arg = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Arg name.
             * @member {string} name
             * @memberof devtape.v1.Arg
             * @instance
             */
            Arg.prototype.name = "";

            /**
             * Arg uint.
             * @member {number|null|undefined} uint
             * @memberof devtape.v1.Arg
             * @instance
             */
            Arg.prototype.uint = null;

            /**
             * Arg int.
             * @member {number|null|undefined} int
             * @memberof devtape.v1.Arg
             * @instance
             */
            Arg.prototype.int = null;

            /**
             * Arg str.
             * @member {string|null|undefined} str
             * @memberof devtape.v1.Arg
             * @instance
             */
            Arg.prototype.str = null;

            /**
             * Arg raw.
             * @member {Uint8Array|null|undefined} raw
             * @memberof devtape.v1.Arg
             * @instance
             */
            Arg.prototype.raw = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * Arg value.
             * @member {"uint"|"int"|"str"|"raw"|undefined} value
             * @memberof devtape.v1.Arg
             * @instance
             */
            $Object.defineProperty(Arg.prototype, "value", {
                get: $util.oneOfGetter($oneOfFields = ["uint", "int", "str", "raw"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Arg instance using the specified properties.
             * @function create
             * @memberof devtape.v1.Arg
             * @static
             * @param {devtape.v1.Arg.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.Arg} Arg instance
             * @type {{
             *   (properties: devtape.v1.Arg.$Shape): devtape.v1.Arg & devtape.v1.Arg.$Shape;
             *   (properties?: devtape.v1.Arg.$Properties): devtape.v1.Arg;
             * }}
             */
            Arg.create = function(properties) {
                return new Arg(properties);
            };

            /**
             * Encodes the specified Arg message. Does not implicitly {@link devtape.v1.Arg.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.Arg
             * @static
             * @param {devtape.v1.Arg.$Properties} message Arg message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Arg.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
                if (message.uint != null && $Object.hasOwnProperty.call(message, "uint"))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.uint);
                if (message.int != null && $Object.hasOwnProperty.call(message, "int"))
                    writer.uint32(/* id 3, wireType 0 =*/24).sint64(message.int);
                if (message.str != null && $Object.hasOwnProperty.call(message, "str"))
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.str);
                if (message.raw != null && $Object.hasOwnProperty.call(message, "raw"))
                    writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.raw);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Arg message, length delimited. Does not implicitly {@link devtape.v1.Arg.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.Arg
             * @static
             * @param {devtape.v1.Arg.$Properties} message Arg message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Arg.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Arg message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.Arg
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.Arg & devtape.v1.Arg.$Shape} Arg
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Arg.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.Arg();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.name = value;
                            else
                                delete message.name;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.uint = reader.uint64();
                            message.value = "uint";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.int = reader.sint64();
                            message.value = "int";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.str = reader.stringVerify();
                            message.value = "str";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.raw = reader.bytes();
                            message.value = "raw";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an Arg message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.Arg
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.Arg & devtape.v1.Arg.$Shape} Arg
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Arg.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an Arg message.
             * @function verify
             * @memberof devtape.v1.Arg
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Arg.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                    if (!$util.isString(message.name))
                        return "name: string expected";
                if (message.uint != null && $Object.hasOwnProperty.call(message, "uint")) {
                    properties.value = 1;
                    if (!$util.isInteger(message.uint) && !(message.uint && $util.isInteger(message.uint.low) && $util.isInteger(message.uint.high)))
                        return "uint: integer|Long expected";
                }
                if (message.int != null && $Object.hasOwnProperty.call(message, "int")) {
                    if (properties.value === 1)
                        return "value: multiple values";
                    properties.value = 1;
                    if (!$util.isInteger(message.int) && !(message.int && $util.isInteger(message.int.low) && $util.isInteger(message.int.high)))
                        return "int: integer|Long expected";
                }
                if (message.str != null && $Object.hasOwnProperty.call(message, "str")) {
                    if (properties.value === 1)
                        return "value: multiple values";
                    properties.value = 1;
                    if (!$util.isString(message.str))
                        return "str: string expected";
                }
                if (message.raw != null && $Object.hasOwnProperty.call(message, "raw")) {
                    if (properties.value === 1)
                        return "value: multiple values";
                    properties.value = 1;
                    if (!(message.raw && typeof message.raw.length === "number" || $util.isString(message.raw)))
                        return "raw: buffer expected";
                }
                return null;
            };

            /**
             * Creates an Arg message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.Arg
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.Arg} Arg
             */
            Arg.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.Arg)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.Arg: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.Arg();
                if (object.name != null)
                    if (typeof object.name !== "string" || object.name.length)
                        message.name = $String(object.name);
                if (object.uint != null)
                    if ($util.Long)
                        message.uint = $util.Long.fromValue(object.uint, true);
                    else if (typeof object.uint === "string")
                        message.uint = $parseInt(object.uint, 10);
                    else if (typeof object.uint === "number")
                        message.uint = object.uint;
                    else if (typeof object.uint === "object")
                        message.uint = new $util.LongBits(object.uint.low >>> 0, object.uint.high >>> 0).toNumber(true);
                if (object.int != null)
                    if ($util.Long)
                        message.int = $util.Long.fromValue(object.int, false);
                    else if (typeof object.int === "string")
                        message.int = $parseInt(object.int, 10);
                    else if (typeof object.int === "number")
                        message.int = object.int;
                    else if (typeof object.int === "object")
                        message.int = new $util.LongBits(object.int.low >>> 0, object.int.high >>> 0).toNumber();
                if (object.str != null)
                    message.str = $String(object.str);
                if (object.raw != null)
                    if (typeof object.raw === "string")
                        $util.base64.decode(object.raw, message.raw = $util.newBuffer($util.base64.length(object.raw)), 0);
                    else if (object.raw.length >= 0)
                        message.raw = object.raw;
                return message;
            };

            /**
             * Creates a plain object from an Arg message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.Arg
             * @static
             * @param {devtape.v1.Arg} message Arg
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Arg.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    object.name = "";
                if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                    object.name = message.name;
                if (message.uint != null && $Object.hasOwnProperty.call(message, "uint")) {
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.uint = typeof message.uint === "number" ? $BigInt(message.uint) : $util.Long.fromBits(message.uint.low >>> 0, message.uint.high >>> 0, true).toBigInt();
                    else if (typeof message.uint === "number")
                        object.uint = options.longs === $String ? $String(message.uint) : message.uint;
                    else
                        object.uint = options.longs === $String ? $util.Long.prototype.toString.call(message.uint) : options.longs === $Number ? new $util.LongBits(message.uint.low >>> 0, message.uint.high >>> 0).toNumber(true) : message.uint;
                    if (options.oneofs)
                        object.value = "uint";
                }
                if (message.int != null && $Object.hasOwnProperty.call(message, "int")) {
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.int = typeof message.int === "number" ? $BigInt(message.int) : $util.Long.fromBits(message.int.low >>> 0, message.int.high >>> 0, false).toBigInt();
                    else if (typeof message.int === "number")
                        object.int = options.longs === $String ? $String(message.int) : message.int;
                    else
                        object.int = options.longs === $String ? $util.Long.prototype.toString.call(message.int) : options.longs === $Number ? new $util.LongBits(message.int.low >>> 0, message.int.high >>> 0).toNumber() : message.int;
                    if (options.oneofs)
                        object.value = "int";
                }
                if (message.str != null && $Object.hasOwnProperty.call(message, "str")) {
                    object.str = message.str;
                    if (options.oneofs)
                        object.value = "str";
                }
                if (message.raw != null && $Object.hasOwnProperty.call(message, "raw")) {
                    object.raw = options.bytes === $String ? $util.base64.encode(message.raw, 0, message.raw.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.raw) : message.raw;
                    if (options.oneofs)
                        object.value = "raw";
                }
                return object;
            };

            /**
             * Converts this Arg to JSON.
             * @function toJSON
             * @memberof devtape.v1.Arg
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Arg.prototype.toJSON = function() {
                return Arg.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Arg
             * @function getTypeUrl
             * @memberof devtape.v1.Arg
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Arg.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.Arg";
            };

            return Arg;
        })();

        v1.DeviceObservation = (function() {

            /**
             * Properties of a DeviceObservation.
             * @typedef {Object} devtape.v1.DeviceObservation.$Properties
             * @property {string|null} [name] DeviceObservation name
             * @property {Array.<devtape.v1.Arg.$Properties>|null} [args] DeviceObservation args
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DeviceObservation.
             * @memberof devtape.v1
             * @interface IDeviceObservation
             * @augments devtape.v1.DeviceObservation.$Properties
             * @deprecated Use devtape.v1.DeviceObservation.$Properties instead.
             */

            /**
             * Shape of a DeviceObservation.
             * @typedef {{
             *   name?: string|null;
             *   args?: Array.<devtape.v1.Arg.$Shape>|null;
             *   $unknowns?: Array.<Uint8Array>;
             * }} devtape.v1.DeviceObservation.$Shape
             */

            /**
             * Constructs a new DeviceObservation.
             * @memberof devtape.v1
             * @classdesc Represents a DeviceObservation.
             * @constructor
             * @param {devtape.v1.DeviceObservation.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DeviceObservation = function (properties) {
                this.args = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * DeviceObservation name.
             * @member {string} name
             * @memberof devtape.v1.DeviceObservation
             * @instance
             */
            DeviceObservation.prototype.name = "";

            /**
             * DeviceObservation args.
             * @member {Array.<devtape.v1.Arg.$Properties>} args
             * @memberof devtape.v1.DeviceObservation
             * @instance
             */
            DeviceObservation.prototype.args = $util.emptyArray;

            /**
             * Creates a new DeviceObservation instance using the specified properties.
             * @function create
             * @memberof devtape.v1.DeviceObservation
             * @static
             * @param {devtape.v1.DeviceObservation.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.DeviceObservation} DeviceObservation instance
             * @type {{
             *   (properties: devtape.v1.DeviceObservation.$Shape): devtape.v1.DeviceObservation & devtape.v1.DeviceObservation.$Shape;
             *   (properties?: devtape.v1.DeviceObservation.$Properties): devtape.v1.DeviceObservation;
             * }}
             */
            DeviceObservation.create = function(properties) {
                return new DeviceObservation(properties);
            };

            /**
             * Encodes the specified DeviceObservation message. Does not implicitly {@link devtape.v1.DeviceObservation.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.DeviceObservation
             * @static
             * @param {devtape.v1.DeviceObservation.$Properties} message DeviceObservation message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DeviceObservation.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
                if (message.args != null && message.args.length)
                    for (let i = 0; i < message.args.length; ++i)
                        $root.devtape.v1.Arg.encode(message.args[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified DeviceObservation message, length delimited. Does not implicitly {@link devtape.v1.DeviceObservation.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.DeviceObservation
             * @static
             * @param {devtape.v1.DeviceObservation.$Properties} message DeviceObservation message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DeviceObservation.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a DeviceObservation message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.DeviceObservation
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.DeviceObservation & devtape.v1.DeviceObservation.$Shape} DeviceObservation
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DeviceObservation.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.DeviceObservation();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.name = value;
                            else
                                delete message.name;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.args && message.args.length))
                                message.args = [];
                            message.args.push($root.devtape.v1.Arg.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a DeviceObservation message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.DeviceObservation
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.DeviceObservation & devtape.v1.DeviceObservation.$Shape} DeviceObservation
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DeviceObservation.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a DeviceObservation message.
             * @function verify
             * @memberof devtape.v1.DeviceObservation
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            DeviceObservation.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                    if (!$util.isString(message.name))
                        return "name: string expected";
                if (message.args != null && $Object.hasOwnProperty.call(message, "args")) {
                    if (!$Array.isArray(message.args))
                        return "args: array expected";
                    for (let i = 0; i < message.args.length; ++i) {
                        let error = $root.devtape.v1.Arg.verify(message.args[i], _depth + 1);
                        if (error)
                            return "args." + error;
                    }
                }
                return null;
            };

            /**
             * Creates a DeviceObservation message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.DeviceObservation
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.DeviceObservation} DeviceObservation
             */
            DeviceObservation.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.DeviceObservation)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.DeviceObservation: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.DeviceObservation();
                if (object.name != null)
                    if (typeof object.name !== "string" || object.name.length)
                        message.name = $String(object.name);
                if (object.args) {
                    if (!$Array.isArray(object.args))
                        throw $TypeError(".devtape.v1.DeviceObservation.args: array expected");
                    message.args = $Array(object.args.length);
                    for (let i = 0; i < object.args.length; ++i) {
                        if (!$util.isObject(object.args[i]))
                            throw $TypeError(".devtape.v1.DeviceObservation.args: object expected");
                        message.args[i] = $root.devtape.v1.Arg.fromObject(object.args[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from a DeviceObservation message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.DeviceObservation
             * @static
             * @param {devtape.v1.DeviceObservation} message DeviceObservation
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            DeviceObservation.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.args = [];
                if (options.defaults)
                    object.name = "";
                if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                    object.name = message.name;
                if (message.args && message.args.length) {
                    object.args = $Array(message.args.length);
                    for (let j = 0; j < message.args.length; ++j)
                        object.args[j] = $root.devtape.v1.Arg.toObject(message.args[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this DeviceObservation to JSON.
             * @function toJSON
             * @memberof devtape.v1.DeviceObservation
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            DeviceObservation.prototype.toJSON = function() {
                return DeviceObservation.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for DeviceObservation
             * @function getTypeUrl
             * @memberof devtape.v1.DeviceObservation
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            DeviceObservation.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.DeviceObservation";
            };

            return DeviceObservation;
        })();

        v1.Property = (function() {

            /**
             * Properties of a Property.
             * @typedef {Object} devtape.v1.Property.$Properties
             * @property {string|null} [name] Property name
             * @property {string|null} [value] Property value
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Property.
             * @memberof devtape.v1
             * @interface IProperty
             * @augments devtape.v1.Property.$Properties
             * @deprecated Use devtape.v1.Property.$Properties instead.
             */

            /**
             * Shape of a Property.
             * @typedef {devtape.v1.Property.$Properties} devtape.v1.Property.$Shape
             */

            /**
             * Constructs a new Property.
             * @memberof devtape.v1
             * @classdesc Represents a Property.
             * @constructor
             * @param {devtape.v1.Property.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Property = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Property name.
             * @member {string} name
             * @memberof devtape.v1.Property
             * @instance
             */
            Property.prototype.name = "";

            /**
             * Property value.
             * @member {string} value
             * @memberof devtape.v1.Property
             * @instance
             */
            Property.prototype.value = "";

            /**
             * Creates a new Property instance using the specified properties.
             * @function create
             * @memberof devtape.v1.Property
             * @static
             * @param {devtape.v1.Property.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.Property} Property instance
             * @type {{
             *   (properties: devtape.v1.Property.$Shape): devtape.v1.Property & devtape.v1.Property.$Shape;
             *   (properties?: devtape.v1.Property.$Properties): devtape.v1.Property;
             * }}
             */
            Property.create = function(properties) {
                return new Property(properties);
            };

            /**
             * Encodes the specified Property message. Does not implicitly {@link devtape.v1.Property.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.Property
             * @static
             * @param {devtape.v1.Property.$Properties} message Property message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Property.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
                if (message.value != null && $Object.hasOwnProperty.call(message, "value") && message.value !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.value);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Property message, length delimited. Does not implicitly {@link devtape.v1.Property.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.Property
             * @static
             * @param {devtape.v1.Property.$Properties} message Property message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Property.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Property message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.Property
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.Property & devtape.v1.Property.$Shape} Property
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Property.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.Property();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.name = value;
                            else
                                delete message.name;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.value = value;
                            else
                                delete message.value;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a Property message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.Property
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.Property & devtape.v1.Property.$Shape} Property
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Property.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Property message.
             * @function verify
             * @memberof devtape.v1.Property
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Property.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                    if (!$util.isString(message.name))
                        return "name: string expected";
                if (message.value != null && $Object.hasOwnProperty.call(message, "value"))
                    if (!$util.isString(message.value))
                        return "value: string expected";
                return null;
            };

            /**
             * Creates a Property message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.Property
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.Property} Property
             */
            Property.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.Property)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.Property: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.Property();
                if (object.name != null)
                    if (typeof object.name !== "string" || object.name.length)
                        message.name = $String(object.name);
                if (object.value != null)
                    if (typeof object.value !== "string" || object.value.length)
                        message.value = $String(object.value);
                return message;
            };

            /**
             * Creates a plain object from a Property message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.Property
             * @static
             * @param {devtape.v1.Property} message Property
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Property.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.name = "";
                    object.value = "";
                }
                if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                    object.name = message.name;
                if (message.value != null && $Object.hasOwnProperty.call(message, "value"))
                    object.value = message.value;
                return object;
            };

            /**
             * Converts this Property to JSON.
             * @function toJSON
             * @memberof devtape.v1.Property
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Property.prototype.toJSON = function() {
                return Property.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Property
             * @function getTypeUrl
             * @memberof devtape.v1.Property
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Property.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.Property";
            };

            return Property;
        })();

        v1.DeviceAttach = (function() {

            /**
             * Properties of a DeviceAttach.
             * @typedef {Object} devtape.v1.DeviceAttach.$Properties
             * @property {string|null} [id] DeviceAttach id
             * @property {string|null} [kind] DeviceAttach kind
             * @property {number|null} [mmioBase] DeviceAttach mmioBase
             * @property {number|null} [pciBdf] DeviceAttach pciBdf
             * @property {number|null} [mmioSize] DeviceAttach mmioSize
             * @property {number|null} [irq] DeviceAttach irq
             * @property {Array.<devtape.v1.Property.$Properties>|null} [props] DeviceAttach props
             * @property {"mmioBase"|"pciBdf"} [location] DeviceAttach location
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DeviceAttach.
             * @memberof devtape.v1
             * @interface IDeviceAttach
             * @augments devtape.v1.DeviceAttach.$Properties
             * @deprecated Use devtape.v1.DeviceAttach.$Properties instead.
             */

            /**
             * Narrowed shape of a DeviceAttach.
             * @typedef {{
             *   id?: string|null;
             *   kind?: string|null;
             *   mmioBase?: number|null;
             *   pciBdf?: number|null;
             *   mmioSize?: number|null;
             *   irq?: number|null;
             *   props?: Array.<devtape.v1.Property.$Shape>|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ location?: undefined; mmioBase?: null; pciBdf?: null }|{ location?: "mmioBase"; mmioBase: number; pciBdf?: null }|{ location?: "pciBdf"; mmioBase?: null; pciBdf: number })
             * )} devtape.v1.DeviceAttach.$Shape
             */

            /**
             * Constructs a new DeviceAttach.
             * @memberof devtape.v1
             * @classdesc Represents a DeviceAttach.
             * @constructor
             * @param {devtape.v1.DeviceAttach.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DeviceAttach = function (properties) {
                this.props = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * DeviceAttach id.
             * @member {string} id
             * @memberof devtape.v1.DeviceAttach
             * @instance
             */
            DeviceAttach.prototype.id = "";

            /**
             * DeviceAttach kind.
             * @member {string} kind
             * @memberof devtape.v1.DeviceAttach
             * @instance
             */
            DeviceAttach.prototype.kind = "";

            /**
             * DeviceAttach mmioBase.
             * @member {number|null|undefined} mmioBase
             * @memberof devtape.v1.DeviceAttach
             * @instance
             */
            DeviceAttach.prototype.mmioBase = null;

            /**
             * DeviceAttach pciBdf.
             * @member {number|null|undefined} pciBdf
             * @memberof devtape.v1.DeviceAttach
             * @instance
             */
            DeviceAttach.prototype.pciBdf = null;

            /**
             * DeviceAttach mmioSize.
             * @member {number} mmioSize
             * @memberof devtape.v1.DeviceAttach
             * @instance
             */
            DeviceAttach.prototype.mmioSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * DeviceAttach irq.
             * @member {number|null|undefined} irq
             * @memberof devtape.v1.DeviceAttach
             * @instance
             */
            DeviceAttach.prototype.irq = null;

            /**
             * DeviceAttach props.
             * @member {Array.<devtape.v1.Property.$Properties>} props
             * @memberof devtape.v1.DeviceAttach
             * @instance
             */
            DeviceAttach.prototype.props = $util.emptyArray;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * DeviceAttach location.
             * @member {"mmioBase"|"pciBdf"|undefined} location
             * @memberof devtape.v1.DeviceAttach
             * @instance
             */
            $Object.defineProperty(DeviceAttach.prototype, "location", {
                get: $util.oneOfGetter($oneOfFields = ["mmioBase", "pciBdf"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(DeviceAttach.prototype, "_irq", {
                get: $util.oneOfGetter($oneOfFields = ["irq"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new DeviceAttach instance using the specified properties.
             * @function create
             * @memberof devtape.v1.DeviceAttach
             * @static
             * @param {devtape.v1.DeviceAttach.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.DeviceAttach} DeviceAttach instance
             * @type {{
             *   (properties: devtape.v1.DeviceAttach.$Shape): devtape.v1.DeviceAttach & devtape.v1.DeviceAttach.$Shape;
             *   (properties?: devtape.v1.DeviceAttach.$Properties): devtape.v1.DeviceAttach;
             * }}
             */
            DeviceAttach.create = function(properties) {
                return new DeviceAttach(properties);
            };

            /**
             * Encodes the specified DeviceAttach message. Does not implicitly {@link devtape.v1.DeviceAttach.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.DeviceAttach
             * @static
             * @param {devtape.v1.DeviceAttach.$Properties} message DeviceAttach message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DeviceAttach.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.id != null && $Object.hasOwnProperty.call(message, "id") && message.id !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.id);
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind") && message.kind !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.kind);
                if (message.mmioBase != null && $Object.hasOwnProperty.call(message, "mmioBase"))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.mmioBase);
                if (message.pciBdf != null && $Object.hasOwnProperty.call(message, "pciBdf"))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.pciBdf);
                if (message.mmioSize != null && $Object.hasOwnProperty.call(message, "mmioSize") && (typeof message.mmioSize === "object" ? message.mmioSize.low || message.mmioSize.high : message.mmioSize !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.mmioSize);
                if (message.irq != null && $Object.hasOwnProperty.call(message, "irq"))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.irq);
                if (message.props != null && message.props.length)
                    for (let i = 0; i < message.props.length; ++i)
                        $root.devtape.v1.Property.encode(message.props[i], writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified DeviceAttach message, length delimited. Does not implicitly {@link devtape.v1.DeviceAttach.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.DeviceAttach
             * @static
             * @param {devtape.v1.DeviceAttach.$Properties} message DeviceAttach message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DeviceAttach.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a DeviceAttach message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.DeviceAttach
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.DeviceAttach & devtape.v1.DeviceAttach.$Shape} DeviceAttach
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DeviceAttach.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.DeviceAttach();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.id = value;
                            else
                                delete message.id;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.kind = value;
                            else
                                delete message.kind;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.mmioBase = reader.uint64();
                            message.location = "mmioBase";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            message.pciBdf = reader.uint32();
                            message.location = "pciBdf";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.mmioSize = value;
                            else
                                delete message.mmioSize;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            message.irq = reader.uint32();
                            message._irq = "irq";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if (!(message.props && message.props.length))
                                message.props = [];
                            message.props.push($root.devtape.v1.Property.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a DeviceAttach message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.DeviceAttach
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.DeviceAttach & devtape.v1.DeviceAttach.$Shape} DeviceAttach
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DeviceAttach.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a DeviceAttach message.
             * @function verify
             * @memberof devtape.v1.DeviceAttach
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            DeviceAttach.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                    if (!$util.isString(message.id))
                        return "id: string expected";
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind"))
                    if (!$util.isString(message.kind))
                        return "kind: string expected";
                if (message.mmioBase != null && $Object.hasOwnProperty.call(message, "mmioBase")) {
                    properties.location = 1;
                    if (!$util.isInteger(message.mmioBase) && !(message.mmioBase && $util.isInteger(message.mmioBase.low) && $util.isInteger(message.mmioBase.high)))
                        return "mmioBase: integer|Long expected";
                }
                if (message.pciBdf != null && $Object.hasOwnProperty.call(message, "pciBdf")) {
                    if (properties.location === 1)
                        return "location: multiple values";
                    properties.location = 1;
                    if (!$util.isInteger(message.pciBdf))
                        return "pciBdf: integer expected";
                }
                if (message.mmioSize != null && $Object.hasOwnProperty.call(message, "mmioSize"))
                    if (!$util.isInteger(message.mmioSize) && !(message.mmioSize && $util.isInteger(message.mmioSize.low) && $util.isInteger(message.mmioSize.high)))
                        return "mmioSize: integer|Long expected";
                if (message.irq != null && $Object.hasOwnProperty.call(message, "irq")) {
                    properties._irq = 1;
                    if (!$util.isInteger(message.irq))
                        return "irq: integer expected";
                }
                if (message.props != null && $Object.hasOwnProperty.call(message, "props")) {
                    if (!$Array.isArray(message.props))
                        return "props: array expected";
                    for (let i = 0; i < message.props.length; ++i) {
                        let error = $root.devtape.v1.Property.verify(message.props[i], _depth + 1);
                        if (error)
                            return "props." + error;
                    }
                }
                return null;
            };

            /**
             * Creates a DeviceAttach message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.DeviceAttach
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.DeviceAttach} DeviceAttach
             */
            DeviceAttach.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.DeviceAttach)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.DeviceAttach: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.DeviceAttach();
                if (object.id != null)
                    if (typeof object.id !== "string" || object.id.length)
                        message.id = $String(object.id);
                if (object.kind != null)
                    if (typeof object.kind !== "string" || object.kind.length)
                        message.kind = $String(object.kind);
                if (object.mmioBase != null)
                    if ($util.Long)
                        message.mmioBase = $util.Long.fromValue(object.mmioBase, true);
                    else if (typeof object.mmioBase === "string")
                        message.mmioBase = $parseInt(object.mmioBase, 10);
                    else if (typeof object.mmioBase === "number")
                        message.mmioBase = object.mmioBase;
                    else if (typeof object.mmioBase === "object")
                        message.mmioBase = new $util.LongBits(object.mmioBase.low >>> 0, object.mmioBase.high >>> 0).toNumber(true);
                if (object.pciBdf != null)
                    message.pciBdf = object.pciBdf >>> 0;
                if (object.mmioSize != null)
                    if (typeof object.mmioSize === "object" ? object.mmioSize.low || object.mmioSize.high : $Number(object.mmioSize) !== 0)
                        if ($util.Long)
                            message.mmioSize = $util.Long.fromValue(object.mmioSize, true);
                        else if (typeof object.mmioSize === "string")
                            message.mmioSize = $parseInt(object.mmioSize, 10);
                        else if (typeof object.mmioSize === "number")
                            message.mmioSize = object.mmioSize;
                        else if (typeof object.mmioSize === "object")
                            message.mmioSize = new $util.LongBits(object.mmioSize.low >>> 0, object.mmioSize.high >>> 0).toNumber(true);
                if (object.irq != null)
                    message.irq = object.irq >>> 0;
                if (object.props) {
                    if (!$Array.isArray(object.props))
                        throw $TypeError(".devtape.v1.DeviceAttach.props: array expected");
                    message.props = $Array(object.props.length);
                    for (let i = 0; i < object.props.length; ++i) {
                        if (!$util.isObject(object.props[i]))
                            throw $TypeError(".devtape.v1.DeviceAttach.props: object expected");
                        message.props[i] = $root.devtape.v1.Property.fromObject(object.props[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from a DeviceAttach message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.DeviceAttach
             * @static
             * @param {devtape.v1.DeviceAttach} message DeviceAttach
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            DeviceAttach.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.props = [];
                if (options.defaults) {
                    object.id = "";
                    object.kind = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.mmioSize = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.mmioSize = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                    object.id = message.id;
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind"))
                    object.kind = message.kind;
                if (message.mmioBase != null && $Object.hasOwnProperty.call(message, "mmioBase")) {
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.mmioBase = typeof message.mmioBase === "number" ? $BigInt(message.mmioBase) : $util.Long.fromBits(message.mmioBase.low >>> 0, message.mmioBase.high >>> 0, true).toBigInt();
                    else if (typeof message.mmioBase === "number")
                        object.mmioBase = options.longs === $String ? $String(message.mmioBase) : message.mmioBase;
                    else
                        object.mmioBase = options.longs === $String ? $util.Long.prototype.toString.call(message.mmioBase) : options.longs === $Number ? new $util.LongBits(message.mmioBase.low >>> 0, message.mmioBase.high >>> 0).toNumber(true) : message.mmioBase;
                    if (options.oneofs)
                        object.location = "mmioBase";
                }
                if (message.pciBdf != null && $Object.hasOwnProperty.call(message, "pciBdf")) {
                    object.pciBdf = message.pciBdf;
                    if (options.oneofs)
                        object.location = "pciBdf";
                }
                if (message.mmioSize != null && $Object.hasOwnProperty.call(message, "mmioSize"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.mmioSize = typeof message.mmioSize === "number" ? $BigInt(message.mmioSize) : $util.Long.fromBits(message.mmioSize.low >>> 0, message.mmioSize.high >>> 0, true).toBigInt();
                    else if (typeof message.mmioSize === "number")
                        object.mmioSize = options.longs === $String ? $String(message.mmioSize) : message.mmioSize;
                    else
                        object.mmioSize = options.longs === $String ? $util.Long.prototype.toString.call(message.mmioSize) : options.longs === $Number ? new $util.LongBits(message.mmioSize.low >>> 0, message.mmioSize.high >>> 0).toNumber(true) : message.mmioSize;
                if (message.irq != null && $Object.hasOwnProperty.call(message, "irq"))
                    object.irq = message.irq;
                if (message.props && message.props.length) {
                    object.props = $Array(message.props.length);
                    for (let j = 0; j < message.props.length; ++j)
                        object.props[j] = $root.devtape.v1.Property.toObject(message.props[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this DeviceAttach to JSON.
             * @function toJSON
             * @memberof devtape.v1.DeviceAttach
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            DeviceAttach.prototype.toJSON = function() {
                return DeviceAttach.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for DeviceAttach
             * @function getTypeUrl
             * @memberof devtape.v1.DeviceAttach
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            DeviceAttach.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.DeviceAttach";
            };

            return DeviceAttach;
        })();

        v1.DeviceDetach = (function() {

            /**
             * Properties of a DeviceDetach.
             * @typedef {Object} devtape.v1.DeviceDetach.$Properties
             * @property {string|null} [id] DeviceDetach id
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DeviceDetach.
             * @memberof devtape.v1
             * @interface IDeviceDetach
             * @augments devtape.v1.DeviceDetach.$Properties
             * @deprecated Use devtape.v1.DeviceDetach.$Properties instead.
             */

            /**
             * Shape of a DeviceDetach.
             * @typedef {devtape.v1.DeviceDetach.$Properties} devtape.v1.DeviceDetach.$Shape
             */

            /**
             * Constructs a new DeviceDetach.
             * @memberof devtape.v1
             * @classdesc Represents a DeviceDetach.
             * @constructor
             * @param {devtape.v1.DeviceDetach.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DeviceDetach = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * DeviceDetach id.
             * @member {string} id
             * @memberof devtape.v1.DeviceDetach
             * @instance
             */
            DeviceDetach.prototype.id = "";

            /**
             * Creates a new DeviceDetach instance using the specified properties.
             * @function create
             * @memberof devtape.v1.DeviceDetach
             * @static
             * @param {devtape.v1.DeviceDetach.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.DeviceDetach} DeviceDetach instance
             * @type {{
             *   (properties: devtape.v1.DeviceDetach.$Shape): devtape.v1.DeviceDetach & devtape.v1.DeviceDetach.$Shape;
             *   (properties?: devtape.v1.DeviceDetach.$Properties): devtape.v1.DeviceDetach;
             * }}
             */
            DeviceDetach.create = function(properties) {
                return new DeviceDetach(properties);
            };

            /**
             * Encodes the specified DeviceDetach message. Does not implicitly {@link devtape.v1.DeviceDetach.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.DeviceDetach
             * @static
             * @param {devtape.v1.DeviceDetach.$Properties} message DeviceDetach message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DeviceDetach.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.id != null && $Object.hasOwnProperty.call(message, "id") && message.id !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.id);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified DeviceDetach message, length delimited. Does not implicitly {@link devtape.v1.DeviceDetach.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.DeviceDetach
             * @static
             * @param {devtape.v1.DeviceDetach.$Properties} message DeviceDetach message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DeviceDetach.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a DeviceDetach message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.DeviceDetach
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.DeviceDetach & devtape.v1.DeviceDetach.$Shape} DeviceDetach
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DeviceDetach.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.DeviceDetach();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.id = value;
                            else
                                delete message.id;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a DeviceDetach message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.DeviceDetach
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.DeviceDetach & devtape.v1.DeviceDetach.$Shape} DeviceDetach
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DeviceDetach.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a DeviceDetach message.
             * @function verify
             * @memberof devtape.v1.DeviceDetach
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            DeviceDetach.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                    if (!$util.isString(message.id))
                        return "id: string expected";
                return null;
            };

            /**
             * Creates a DeviceDetach message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.DeviceDetach
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.DeviceDetach} DeviceDetach
             */
            DeviceDetach.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.DeviceDetach)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.DeviceDetach: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.DeviceDetach();
                if (object.id != null)
                    if (typeof object.id !== "string" || object.id.length)
                        message.id = $String(object.id);
                return message;
            };

            /**
             * Creates a plain object from a DeviceDetach message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.DeviceDetach
             * @static
             * @param {devtape.v1.DeviceDetach} message DeviceDetach
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            DeviceDetach.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    object.id = "";
                if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                    object.id = message.id;
                return object;
            };

            /**
             * Converts this DeviceDetach to JSON.
             * @function toJSON
             * @memberof devtape.v1.DeviceDetach
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            DeviceDetach.prototype.toJSON = function() {
                return DeviceDetach.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for DeviceDetach
             * @function getTypeUrl
             * @memberof devtape.v1.DeviceDetach
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            DeviceDetach.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.DeviceDetach";
            };

            return DeviceDetach;
        })();

        v1.Machine = (function() {

            /**
             * Properties of a Machine.
             * @typedef {Object} devtape.v1.Machine.$Properties
             * @property {string|null} [type] Machine type
             * @property {number|null} [ramSize] Machine ramSize
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Machine.
             * @memberof devtape.v1
             * @interface IMachine
             * @augments devtape.v1.Machine.$Properties
             * @deprecated Use devtape.v1.Machine.$Properties instead.
             */

            /**
             * Shape of a Machine.
             * @typedef {devtape.v1.Machine.$Properties} devtape.v1.Machine.$Shape
             */

            /**
             * Constructs a new Machine.
             * @memberof devtape.v1
             * @classdesc Represents a Machine.
             * @constructor
             * @param {devtape.v1.Machine.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Machine = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Machine type.
             * @member {string} type
             * @memberof devtape.v1.Machine
             * @instance
             */
            Machine.prototype.type = "";

            /**
             * Machine ramSize.
             * @member {number} ramSize
             * @memberof devtape.v1.Machine
             * @instance
             */
            Machine.prototype.ramSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new Machine instance using the specified properties.
             * @function create
             * @memberof devtape.v1.Machine
             * @static
             * @param {devtape.v1.Machine.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.Machine} Machine instance
             * @type {{
             *   (properties: devtape.v1.Machine.$Shape): devtape.v1.Machine & devtape.v1.Machine.$Shape;
             *   (properties?: devtape.v1.Machine.$Properties): devtape.v1.Machine;
             * }}
             */
            Machine.create = function(properties) {
                return new Machine(properties);
            };

            /**
             * Encodes the specified Machine message. Does not implicitly {@link devtape.v1.Machine.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.Machine
             * @static
             * @param {devtape.v1.Machine.$Properties} message Machine message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Machine.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.type != null && $Object.hasOwnProperty.call(message, "type") && message.type !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.type);
                if (message.ramSize != null && $Object.hasOwnProperty.call(message, "ramSize") && (typeof message.ramSize === "object" ? message.ramSize.low || message.ramSize.high : message.ramSize !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.ramSize);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Machine message, length delimited. Does not implicitly {@link devtape.v1.Machine.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.Machine
             * @static
             * @param {devtape.v1.Machine.$Properties} message Machine message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Machine.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Machine message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.Machine
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.Machine & devtape.v1.Machine.$Shape} Machine
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Machine.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.Machine();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.type = value;
                            else
                                delete message.type;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.ramSize = value;
                            else
                                delete message.ramSize;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a Machine message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.Machine
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.Machine & devtape.v1.Machine.$Shape} Machine
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Machine.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Machine message.
             * @function verify
             * @memberof devtape.v1.Machine
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Machine.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    if (!$util.isString(message.type))
                        return "type: string expected";
                if (message.ramSize != null && $Object.hasOwnProperty.call(message, "ramSize"))
                    if (!$util.isInteger(message.ramSize) && !(message.ramSize && $util.isInteger(message.ramSize.low) && $util.isInteger(message.ramSize.high)))
                        return "ramSize: integer|Long expected";
                return null;
            };

            /**
             * Creates a Machine message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.Machine
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.Machine} Machine
             */
            Machine.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.Machine)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.Machine: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.Machine();
                if (object.type != null)
                    if (typeof object.type !== "string" || object.type.length)
                        message.type = $String(object.type);
                if (object.ramSize != null)
                    if (typeof object.ramSize === "object" ? object.ramSize.low || object.ramSize.high : $Number(object.ramSize) !== 0)
                        if ($util.Long)
                            message.ramSize = $util.Long.fromValue(object.ramSize, true);
                        else if (typeof object.ramSize === "string")
                            message.ramSize = $parseInt(object.ramSize, 10);
                        else if (typeof object.ramSize === "number")
                            message.ramSize = object.ramSize;
                        else if (typeof object.ramSize === "object")
                            message.ramSize = new $util.LongBits(object.ramSize.low >>> 0, object.ramSize.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from a Machine message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.Machine
             * @static
             * @param {devtape.v1.Machine} message Machine
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Machine.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.type = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.ramSize = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.ramSize = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    object.type = message.type;
                if (message.ramSize != null && $Object.hasOwnProperty.call(message, "ramSize"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.ramSize = typeof message.ramSize === "number" ? $BigInt(message.ramSize) : $util.Long.fromBits(message.ramSize.low >>> 0, message.ramSize.high >>> 0, true).toBigInt();
                    else if (typeof message.ramSize === "number")
                        object.ramSize = options.longs === $String ? $String(message.ramSize) : message.ramSize;
                    else
                        object.ramSize = options.longs === $String ? $util.Long.prototype.toString.call(message.ramSize) : options.longs === $Number ? new $util.LongBits(message.ramSize.low >>> 0, message.ramSize.high >>> 0).toNumber(true) : message.ramSize;
                return object;
            };

            /**
             * Converts this Machine to JSON.
             * @function toJSON
             * @memberof devtape.v1.Machine
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Machine.prototype.toJSON = function() {
                return Machine.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Machine
             * @function getTypeUrl
             * @memberof devtape.v1.Machine
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Machine.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.Machine";
            };

            return Machine;
        })();

        v1.Marker = (function() {

            /**
             * Properties of a Marker.
             * @typedef {Object} devtape.v1.Marker.$Properties
             * @property {string|null} [text] Marker text
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Marker.
             * @memberof devtape.v1
             * @interface IMarker
             * @augments devtape.v1.Marker.$Properties
             * @deprecated Use devtape.v1.Marker.$Properties instead.
             */

            /**
             * Shape of a Marker.
             * @typedef {devtape.v1.Marker.$Properties} devtape.v1.Marker.$Shape
             */

            /**
             * Constructs a new Marker.
             * @memberof devtape.v1
             * @classdesc Represents a Marker.
             * @constructor
             * @param {devtape.v1.Marker.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Marker = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Marker text.
             * @member {string} text
             * @memberof devtape.v1.Marker
             * @instance
             */
            Marker.prototype.text = "";

            /**
             * Creates a new Marker instance using the specified properties.
             * @function create
             * @memberof devtape.v1.Marker
             * @static
             * @param {devtape.v1.Marker.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.Marker} Marker instance
             * @type {{
             *   (properties: devtape.v1.Marker.$Shape): devtape.v1.Marker & devtape.v1.Marker.$Shape;
             *   (properties?: devtape.v1.Marker.$Properties): devtape.v1.Marker;
             * }}
             */
            Marker.create = function(properties) {
                return new Marker(properties);
            };

            /**
             * Encodes the specified Marker message. Does not implicitly {@link devtape.v1.Marker.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.Marker
             * @static
             * @param {devtape.v1.Marker.$Properties} message Marker message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Marker.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.text != null && $Object.hasOwnProperty.call(message, "text") && message.text !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.text);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Marker message, length delimited. Does not implicitly {@link devtape.v1.Marker.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.Marker
             * @static
             * @param {devtape.v1.Marker.$Properties} message Marker message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Marker.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Marker message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.Marker
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.Marker & devtape.v1.Marker.$Shape} Marker
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Marker.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.Marker();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.text = value;
                            else
                                delete message.text;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a Marker message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.Marker
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.Marker & devtape.v1.Marker.$Shape} Marker
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Marker.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Marker message.
             * @function verify
             * @memberof devtape.v1.Marker
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Marker.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.text != null && $Object.hasOwnProperty.call(message, "text"))
                    if (!$util.isString(message.text))
                        return "text: string expected";
                return null;
            };

            /**
             * Creates a Marker message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.Marker
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.Marker} Marker
             */
            Marker.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.Marker)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.Marker: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.Marker();
                if (object.text != null)
                    if (typeof object.text !== "string" || object.text.length)
                        message.text = $String(object.text);
                return message;
            };

            /**
             * Creates a plain object from a Marker message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.Marker
             * @static
             * @param {devtape.v1.Marker} message Marker
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Marker.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    object.text = "";
                if (message.text != null && $Object.hasOwnProperty.call(message, "text"))
                    object.text = message.text;
                return object;
            };

            /**
             * Converts this Marker to JSON.
             * @function toJSON
             * @memberof devtape.v1.Marker
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Marker.prototype.toJSON = function() {
                return Marker.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Marker
             * @function getTypeUrl
             * @memberof devtape.v1.Marker
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Marker.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.Marker";
            };

            return Marker;
        })();

        v1.Chunk = (function() {

            /**
             * Properties of a Chunk.
             * @typedef {Object} devtape.v1.Chunk.$Properties
             * @property {Array.<devtape.v1.Event.$Properties>|null} [events] Chunk events
             * @property {Array.<number>|null} [times] Chunk times
             * @property {Array.<devtape.v1.Agent.$Properties>|null} [agents] Chunk agents
             * @property {Array.<number>|null} [agentRefs] Chunk agentRefs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Chunk.
             * @memberof devtape.v1
             * @interface IChunk
             * @augments devtape.v1.Chunk.$Properties
             * @deprecated Use devtape.v1.Chunk.$Properties instead.
             */

            /**
             * Shape of a Chunk.
             * @typedef {{
             *   events?: Array.<devtape.v1.Event.$Shape>|null;
             *   times?: Array.<number>|null;
             *   agents?: Array.<devtape.v1.Agent.$Shape>|null;
             *   agentRefs?: Array.<number>|null;
             *   $unknowns?: Array.<Uint8Array>;
             * }} devtape.v1.Chunk.$Shape
             */

            /**
             * Constructs a new Chunk.
             * @memberof devtape.v1
             * @classdesc Represents a Chunk.
             * @constructor
             * @param {devtape.v1.Chunk.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Chunk = function (properties) {
                this.events = [];
                this.times = [];
                this.agents = [];
                this.agentRefs = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Chunk events.
             * @member {Array.<devtape.v1.Event.$Properties>} events
             * @memberof devtape.v1.Chunk
             * @instance
             */
            Chunk.prototype.events = $util.emptyArray;

            /**
             * Chunk times.
             * @member {Array.<number>} times
             * @memberof devtape.v1.Chunk
             * @instance
             */
            Chunk.prototype.times = $util.emptyArray;

            /**
             * Chunk agents.
             * @member {Array.<devtape.v1.Agent.$Properties>} agents
             * @memberof devtape.v1.Chunk
             * @instance
             */
            Chunk.prototype.agents = $util.emptyArray;

            /**
             * Chunk agentRefs.
             * @member {Array.<number>} agentRefs
             * @memberof devtape.v1.Chunk
             * @instance
             */
            Chunk.prototype.agentRefs = $util.emptyArray;

            /**
             * Creates a new Chunk instance using the specified properties.
             * @function create
             * @memberof devtape.v1.Chunk
             * @static
             * @param {devtape.v1.Chunk.$Properties=} [properties] Properties to set
             * @returns {devtape.v1.Chunk} Chunk instance
             * @type {{
             *   (properties: devtape.v1.Chunk.$Shape): devtape.v1.Chunk & devtape.v1.Chunk.$Shape;
             *   (properties?: devtape.v1.Chunk.$Properties): devtape.v1.Chunk;
             * }}
             */
            Chunk.create = function(properties) {
                return new Chunk(properties);
            };

            /**
             * Encodes the specified Chunk message. Does not implicitly {@link devtape.v1.Chunk.verify|verify} messages.
             * @function encode
             * @memberof devtape.v1.Chunk
             * @static
             * @param {devtape.v1.Chunk.$Properties} message Chunk message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Chunk.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.events != null && message.events.length)
                    for (let i = 0; i < message.events.length; ++i)
                        $root.devtape.v1.Event.encode(message.events[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.times != null && message.times.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).uint64s(message.times);
                if (message.agents != null && message.agents.length)
                    for (let i = 0; i < message.agents.length; ++i)
                        $root.devtape.v1.Agent.encode(message.agents[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.agentRefs != null && message.agentRefs.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).uint32s(message.agentRefs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Chunk message, length delimited. Does not implicitly {@link devtape.v1.Chunk.verify|verify} messages.
             * @function encodeDelimited
             * @memberof devtape.v1.Chunk
             * @static
             * @param {devtape.v1.Chunk.$Properties} message Chunk message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Chunk.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Chunk message from the specified reader or buffer.
             * @function decode
             * @memberof devtape.v1.Chunk
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {devtape.v1.Chunk & devtape.v1.Chunk.$Shape} Chunk
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Chunk.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.devtape.v1.Chunk();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.events && message.events.length))
                                message.events = [];
                            message.events.push($root.devtape.v1.Event.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 2: {
                            if (wireType === 2) {
                                if (!(message.times && message.times.length))
                                    message.times = [];
                                reader.uint64s(message.times);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.times && message.times.length))
                                message.times = [];
                            message.times.push(reader.uint64());
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.agents && message.agents.length))
                                message.agents = [];
                            message.agents.push($root.devtape.v1.Agent.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 4: {
                            if (wireType === 2) {
                                if (!(message.agentRefs && message.agentRefs.length))
                                    message.agentRefs = [];
                                reader.uint32s(message.agentRefs);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.agentRefs && message.agentRefs.length))
                                message.agentRefs = [];
                            message.agentRefs.push(reader.uint32());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a Chunk message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof devtape.v1.Chunk
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {devtape.v1.Chunk & devtape.v1.Chunk.$Shape} Chunk
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Chunk.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Chunk message.
             * @function verify
             * @memberof devtape.v1.Chunk
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Chunk.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.events != null && $Object.hasOwnProperty.call(message, "events")) {
                    if (!$Array.isArray(message.events))
                        return "events: array expected";
                    for (let i = 0; i < message.events.length; ++i) {
                        let error = $root.devtape.v1.Event.verify(message.events[i], _depth + 1);
                        if (error)
                            return "events." + error;
                    }
                }
                if (message.times != null && $Object.hasOwnProperty.call(message, "times")) {
                    if (!$Array.isArray(message.times))
                        return "times: array expected";
                    for (let i = 0; i < message.times.length; ++i)
                        if (!$util.isInteger(message.times[i]) && !(message.times[i] && $util.isInteger(message.times[i].low) && $util.isInteger(message.times[i].high)))
                            return "times: integer|Long[] expected";
                }
                if (message.agents != null && $Object.hasOwnProperty.call(message, "agents")) {
                    if (!$Array.isArray(message.agents))
                        return "agents: array expected";
                    for (let i = 0; i < message.agents.length; ++i) {
                        let error = $root.devtape.v1.Agent.verify(message.agents[i], _depth + 1);
                        if (error)
                            return "agents." + error;
                    }
                }
                if (message.agentRefs != null && $Object.hasOwnProperty.call(message, "agentRefs")) {
                    if (!$Array.isArray(message.agentRefs))
                        return "agentRefs: array expected";
                    for (let i = 0; i < message.agentRefs.length; ++i)
                        if (!$util.isInteger(message.agentRefs[i]))
                            return "agentRefs: integer[] expected";
                }
                return null;
            };

            /**
             * Creates a Chunk message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof devtape.v1.Chunk
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {devtape.v1.Chunk} Chunk
             */
            Chunk.fromObject = function (object, _depth) {
                if (object instanceof $root.devtape.v1.Chunk)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".devtape.v1.Chunk: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.devtape.v1.Chunk();
                if (object.events) {
                    if (!$Array.isArray(object.events))
                        throw $TypeError(".devtape.v1.Chunk.events: array expected");
                    message.events = $Array(object.events.length);
                    for (let i = 0; i < object.events.length; ++i) {
                        if (!$util.isObject(object.events[i]))
                            throw $TypeError(".devtape.v1.Chunk.events: object expected");
                        message.events[i] = $root.devtape.v1.Event.fromObject(object.events[i], _depth + 1);
                    }
                }
                if (object.times) {
                    if (!$Array.isArray(object.times))
                        throw $TypeError(".devtape.v1.Chunk.times: array expected");
                    message.times = $Array(object.times.length);
                    for (let i = 0; i < object.times.length; ++i)
                        if ($util.Long)
                            message.times[i] = $util.Long.fromValue(object.times[i], true);
                        else if (typeof object.times[i] === "string")
                            message.times[i] = $parseInt(object.times[i], 10);
                        else if (typeof object.times[i] === "number")
                            message.times[i] = object.times[i];
                        else if (typeof object.times[i] === "object")
                            message.times[i] = new $util.LongBits(object.times[i].low >>> 0, object.times[i].high >>> 0).toNumber(true);
                }
                if (object.agents) {
                    if (!$Array.isArray(object.agents))
                        throw $TypeError(".devtape.v1.Chunk.agents: array expected");
                    message.agents = $Array(object.agents.length);
                    for (let i = 0; i < object.agents.length; ++i) {
                        if (!$util.isObject(object.agents[i]))
                            throw $TypeError(".devtape.v1.Chunk.agents: object expected");
                        message.agents[i] = $root.devtape.v1.Agent.fromObject(object.agents[i], _depth + 1);
                    }
                }
                if (object.agentRefs) {
                    if (!$Array.isArray(object.agentRefs))
                        throw $TypeError(".devtape.v1.Chunk.agentRefs: array expected");
                    message.agentRefs = $Array(object.agentRefs.length);
                    for (let i = 0; i < object.agentRefs.length; ++i)
                        message.agentRefs[i] = object.agentRefs[i] >>> 0;
                }
                return message;
            };

            /**
             * Creates a plain object from a Chunk message. Also converts values to other types if specified.
             * @function toObject
             * @memberof devtape.v1.Chunk
             * @static
             * @param {devtape.v1.Chunk} message Chunk
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Chunk.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.events = [];
                    object.times = [];
                    object.agents = [];
                    object.agentRefs = [];
                }
                if (message.events && message.events.length) {
                    object.events = $Array(message.events.length);
                    for (let j = 0; j < message.events.length; ++j)
                        object.events[j] = $root.devtape.v1.Event.toObject(message.events[j], options, _depth + 1);
                }
                if (message.times && message.times.length) {
                    object.times = $Array(message.times.length);
                    for (let j = 0; j < message.times.length; ++j)
                        if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                            object.times[j] = typeof message.times[j] === "number" ? $BigInt(message.times[j]) : $util.Long.fromBits(message.times[j].low >>> 0, message.times[j].high >>> 0, true).toBigInt();
                        else if (typeof message.times[j] === "number")
                            object.times[j] = options.longs === $String ? $String(message.times[j]) : message.times[j];
                        else
                            object.times[j] = options.longs === $String ? $util.Long.prototype.toString.call(message.times[j]) : options.longs === $Number ? new $util.LongBits(message.times[j].low >>> 0, message.times[j].high >>> 0).toNumber(true) : message.times[j];
                }
                if (message.agents && message.agents.length) {
                    object.agents = $Array(message.agents.length);
                    for (let j = 0; j < message.agents.length; ++j)
                        object.agents[j] = $root.devtape.v1.Agent.toObject(message.agents[j], options, _depth + 1);
                }
                if (message.agentRefs && message.agentRefs.length) {
                    object.agentRefs = $Array(message.agentRefs.length);
                    for (let j = 0; j < message.agentRefs.length; ++j)
                        object.agentRefs[j] = message.agentRefs[j];
                }
                return object;
            };

            /**
             * Converts this Chunk to JSON.
             * @function toJSON
             * @memberof devtape.v1.Chunk
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Chunk.prototype.toJSON = function() {
                return Chunk.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Chunk
             * @function getTypeUrl
             * @memberof devtape.v1.Chunk
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Chunk.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/devtape.v1.Chunk";
            };

            return Chunk;
        })();

        return v1;
    })();

    return devtape;
})();

export {
  $root as default
};
